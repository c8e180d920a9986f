import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from './crypto';

describe('stored credentials', () => {
  it('round-trip under the same secret, with a fresh IV each time', () => {
    const a = encryptSecret('postgres://u:p@h/db', 's'.repeat(32));
    expect(a).not.toBe(encryptSecret('postgres://u:p@h/db', 's'.repeat(32)));
    expect(decryptSecret(a, 's'.repeat(32))).toBe('postgres://u:p@h/db');
  });

  it('refuse another secret and tampered text (GCM authenticates)', () => {
    const a = encryptSecret('x', 's'.repeat(32));
    expect(() => decryptSecret(a, 't'.repeat(32))).toThrow();
    const parts = a.split(':');
    parts[3] = Buffer.from('y').toString('base64url');
    expect(() => decryptSecret(parts.join(':'), 's'.repeat(32))).toThrow();
  });
});
