import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { envBoolean, envInt, parseEnvironment, platformModelsDir, serviceEnvFields } from '@overture/config';
import { defaultReadLimits } from '@overture/serving';
import { predictEnvFields, uploadEnvFields } from '@overture/deployments';
import { passwordProblem } from './auth/password-policy';

/** The web process's environment (DESIGN.md "Contracts: Environment"), parsed once at start-up. */
export const ZWebEnv = z.object({
  ...serviceEnvFields,
  PORT: envInt(1, 65535, 3000),
  /** Encrypts stored SQL credentials; generated into DATA_DIR/secret when unset. */
  OVERTURE_SECRET: z.string().min(32, 'use at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  OVERTURE_ADMIN_EMAIL: z.email().optional(),
  /** The same password rules as the setup page (12+ characters, not a common password). */
  OVERTURE_ADMIN_PASSWORD: z.string().superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
  ...predictEnvFields,
  ...uploadEnvFields,
  /** An imported bundle's unpacked files at most, in bytes, whatever the archive's size (default 4 GB). */
  OVERTURE_MAX_IMPORT_UNPACKED_BYTES: envInt(1024, Number.MAX_SAFE_INTEGER, 4 * 1024 ** 3),
  /**
   * The archive limits the worker applies to dataset archives, applied here to uploaded pretrained
   * models (a .zip of a model folder): decompressed bytes (per entry and in all), ratio, entries.
   */
  OVERTURE_MAX_UNPACKED_BYTES: envInt(1, Number.MAX_SAFE_INTEGER, defaultReadLimits.maxUnpackedBytes),
  OVERTURE_MAX_UNPACK_RATIO: envInt(1, Number.MAX_SAFE_INTEGER, defaultReadLimits.maxUnpackRatio),
  OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES: envInt(1, Number.MAX_SAFE_INTEGER, defaultReadLimits.maxDatasetArchiveEntries),
  /** SQL sources on private or loopback hosts are refused unless this is true (tests set it). */
  OVERTURE_ALLOW_PRIVATE_SOURCES: envBoolean,
  /** Rows a SQL snapshot keeps at most. */
  OVERTURE_SQL_ROW_CAP: envInt(1, 100_000_000, 5_000_000),
  OVERTURE_SQL_TIMEOUT_MS: envInt(100, 3_600_000, 120_000),
  OVERTURE_SESSION_HOURS: envInt(1, 24 * 365, 24 * 7),
  /** Base URL of absolute invitation links; unset, the API returns the link as a path and the UI prefixes the page's own origin (never the request's Host). */
  OVERTURE_PUBLIC_URL: z.url().optional(),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry it appends (else the socket's). */
  OVERTURE_TRUST_PROXY: envBoolean,
  /** Failed sign-ins of one account in 15 minutes before it is locked (1 min, doubling per further failure up to 1 h). */
  OVERTURE_LOGIN_ACCOUNT_FAILURES: envInt(1, 1000, 5),
  /** The same for one client address, across accounts. */
  OVERTURE_LOGIN_IP_FAILURES: envInt(1, 100_000, 20),
  /** Live-event (SSE) streams open at once per user or API key, and in all, per web process: each holds a Redis connection. */
  OVERTURE_SSE_PER_USER: envInt(1, 10_000, 10),
  OVERTURE_SSE_TOTAL: envInt(1, 100_000, 200),
  /** Unrevoked API keys a user may hold. */
  OVERTURE_MAX_API_KEYS: envInt(1, 10_000, 20),
  /** Crash debris in DATA_DIR (partial uploads, files and run folders no row names) is removed once untouched this long. */
  OVERTURE_ORPHAN_GRACE_MINUTES: envInt(1, 60 * 24 * 365, 60),
  /** Minutes between orphan sweeps (one also runs at start); 0 sweeps only at start. */
  OVERTURE_ORPHAN_SWEEP_MINUTES: envInt(0, 60 * 24 * 365, 30),
});
/** `modelsDir`: the absolute models root of pretrained encoders (OVERTURE_MODELS_DIR, default DATA_DIR/models). */
export type WebEnv = z.infer<typeof ZWebEnv> & { secret: string; dataDir: string; modelsDir: string };

/** Parses the environment or throws one message listing every bad variable. */
export function parseWebEnv(env: Record<string, string | undefined>): z.infer<typeof ZWebEnv> {
  return parseEnvironment(ZWebEnv, env, 'web');
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
  return { ...parsed, dataDir, modelsDir: path.resolve(platformModelsDir(parsed)), secret: loadSecret(dataDir, parsed.OVERTURE_SECRET, warn) };
}
