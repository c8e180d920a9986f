import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWebEnv, parseWebEnv } from './env';

describe('web environment', () => {
  it('has the documented defaults', () => {
    expect(parseWebEnv({})).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/overture', REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: './data', PORT: 3000,
      OVERTURE_MAX_UPLOAD_BYTES: 2 * 1024 ** 3, OVERTURE_MAX_PREDICT_BYTES: 10 * 1024 ** 2, OVERTURE_ALLOW_PRIVATE_SOURCES: false,
    });
  });

  it('lists every bad variable in one message', () => {
    expect(() => parseWebEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty' })).toThrow(/DATABASE_URL: must be a URL like postgresql:\/\/user@host:5432\/overture \(got 'mysql:\/\/x'\)\n\s+PORT:/);
  });

  it('generates the secret into DATA_DIR once, with a warning, and keeps it', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'overture-env-'));
    const warnings: string[] = [];
    const first = loadWebEnv({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    const second = loadWebEnv({ DATA_DIR: dataDir }, (m) => warnings.push(m));
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(second.secret).toBe(first.secret);
    expect(readFileSync(path.join(dataDir, 'secret'), 'utf8')).toBe(first.secret);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^OVERTURE_SECRET is not set: generated one into/);
  });

  it('refuses a weak OVERTURE_ADMIN_PASSWORD with a readable message (without showing it)', () => {
    expect(() => parseWebEnv({ OVERTURE_ADMIN_EMAIL: 'admin@example.com', OVERTURE_ADMIN_PASSWORD: '12345678' })).toThrow(/OVERTURE_ADMIN_PASSWORD: use a password of at least 12 characters/);
    expect(() => parseWebEnv({ OVERTURE_ADMIN_PASSWORD: 'Password2024!' })).toThrow(/OVERTURE_ADMIN_PASSWORD: this is one of the most common passwords/);
    expect(() => parseWebEnv({ OVERTURE_ADMIN_PASSWORD: 'Password2024!' })).not.toThrow(/Password2024/);
    expect(parseWebEnv({ OVERTURE_ADMIN_PASSWORD: 'admin-password-1' }).OVERTURE_ADMIN_PASSWORD).toBe('admin-password-1');
  });

  it('has the documented defaults of the sign-in, stream and API key limits', () => {
    expect(parseWebEnv({})).toMatchObject({
      OVERTURE_TRUST_PROXY: false, OVERTURE_LOGIN_ACCOUNT_FAILURES: 5, OVERTURE_LOGIN_IP_FAILURES: 20, OVERTURE_SSE_PER_USER: 10, OVERTURE_SSE_TOTAL: 200, OVERTURE_MAX_API_KEYS: 20,
    });
  });
});
