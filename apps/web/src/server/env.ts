import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const url = (schemes: string[], example: string) => z.string().refine((v) => {
  try {
    return schemes.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, { message: `must be a URL like ${example}` });
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false').transform((v) => ['true', '1', 'yes'].includes(v));

/** The web process's environment (DESIGN.md "Contracts: Environment"), parsed once at start-up. */
export const ZWebEnv = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user@host:5432/overture').default('postgresql://postgres@127.0.0.1:5432/overture'),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: int(1, 65535, 3000),
  /** Encrypts stored SQL credentials; generated into DATA_DIR/secret when unset. */
  OVERTURE_SECRET: z.string().min(32, 'use at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  OVERTURE_ADMIN_EMAIL: z.email().optional(),
  OVERTURE_ADMIN_PASSWORD: z.string().min(8, 'use at least 8 characters').optional(),
  /** Accepted as an admin API key (automation, first deploys). */
  OVERTURE_BOOTSTRAP_API_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  /** Key prefix of the queues and Overture's Redis keys; every process of one installation must agree. */
  OVERTURE_REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only').default('overture'),
  /** Largest dataset upload, in bytes (default 2 GB). */
  OVERTURE_MAX_UPLOAD_BYTES: int(1, Number.MAX_SAFE_INTEGER, 2 * 1024 ** 3),
  /** Largest /predict body, in bytes (default 10 MB). */
  OVERTURE_MAX_PREDICT_BYTES: int(1024, 1024 ** 3, 10 * 1024 ** 2),
  /** Requests per minute per API key (or user) on /predict. */
  OVERTURE_PREDICT_RATE_LIMIT: int(1, 10_000_000, 6000),
  /** SQL sources on private or loopback hosts are refused unless this is true (tests set it). */
  OVERTURE_ALLOW_PRIVATE_SOURCES: bool,
  /** Rows a SQL snapshot keeps at most. */
  OVERTURE_SQL_ROW_CAP: int(1, 100_000_000, 5_000_000),
  OVERTURE_SQL_TIMEOUT_MS: int(100, 3_600_000, 120_000),
  OVERTURE_SESSION_HOURS: int(1, 24 * 365, 24 * 7),
  /** Base URL in invitation links (default: the request's own origin). */
  OVERTURE_PUBLIC_URL: z.url().optional(),
});
export type WebEnv = z.infer<typeof ZWebEnv> & { secret: string; dataDir: string };

/** Parses the environment or throws one message listing every bad variable. */
export function parseWebEnv(env: Record<string, string | undefined>): z.infer<typeof ZWebEnv> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZWebEnv.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new Error(`invalid web environment:\n${lines.join('\n')}`);
}

/**
 * OVERTURE_SECRET, or the one kept in DATA_DIR/secret (created with a warning on first start):
 * every web process sharing the store agrees on it, and a restart keeps stored credentials readable.
 */
export function loadSecret(dataDir: string, fromEnv: string | undefined, warn: (message: string) => void): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    warn(`OVERTURE_SECRET is not set: generated one into ${file}. Back this file up with the database (it decrypts stored SQL credentials), or set OVERTURE_SECRET.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process wrote it first
  }
  return readFileSync(file, 'utf8').trim();
}

/** The full settings: parsed env, absolute DATA_DIR and the secret. */
export function loadWebEnv(env: Record<string, string | undefined>, warn: (message: string) => void = console.warn): WebEnv {
  const parsed = parseWebEnv(env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  return { ...parsed, dataDir, secret: loadSecret(dataDir, parsed.OVERTURE_SECRET, warn) };
}
