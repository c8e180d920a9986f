import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each(['12345678', 'short-one', 'elevenchars'])('refuses %j: shorter than 12 characters', (password) => {
    expect(passwordProblem(password)).toMatch(/at least 12 characters/);
  });

  it.each([
    'password1234', 'Password1234!', 'P@ssw0rd2024', '123456789012', 'qwertyuiop12', 'iloveyou1234', '!!Welcome2026!!', 'letmein-12345',
    'passwordpassword', 'abcabcabcabc', '1q2w3e4r5t6y', 'administrator', 'trustno1trustno1', 'zxcvbnm12345', 'Dragon-1990!!', '000000000000x',
  ])('refuses the common %j (or a spelling of one)', (password) => {
    expect(passwordProblem(password)).toMatch(/common passwords|too few different/);
  });

  it('refuses the email address or name of the account', () => {
    expect(passwordProblem('fox.mulder@fbi.example', { email: 'fox.mulder@fbi.example' })).toMatch(/email address or name/);
    expect(passwordProblem('foxmulder1961', { email: 'fox.mulder@fbi.example', name: 'Fox Mulder' })).toMatch(/email address or name/);
    expect(passwordProblem('Fox Mulder!!!!', { name: 'Fox Mulder' })).toMatch(/email address or name/);
  });

  it.each(['correct horse battery', 'admin-password-1', 'user-password-1', 'viewer-password-1', 'tr0mbone-lighthouse', 'Großmütterchen7'])('accepts %j', (password) => {
    expect(passwordProblem(password, { email: 'someone@example.com', name: 'Some One' })).toBeNull();
  });
});
