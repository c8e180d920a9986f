import { z } from 'zod';

/**
 * The environment of Overture's service processes (web, worker): shared field types, the
 * variables every process reads (DESIGN.md "Contracts: Environment") and one parser whose error
 * lists every bad variable at once.
 */

/** A URL with one of `schemes` (with their colon: 'redis:'). */
export function envUrl(schemes: string[], example: string) {
  return z.string().refine((v) => {
    try {
      return schemes.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, { message: `must be a URL like ${example}` });
}

export function envInt(min: number, max: number, fallback: number) {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

export const envBoolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false').transform((v) => ['true', '1', 'yes'].includes(v));

/** Key prefix of the queues and Overture's Redis keys when OVERTURE_REDIS_PREFIX is unset. */
export const DEFAULT_REDIS_PREFIX = 'overture';

/** Read by every service process; each adds its own. */
export const serviceEnvFields = {
  DATABASE_URL: envUrl(['postgres:', 'postgresql:'], 'postgresql://user@host:5432/overture').default('postgresql://postgres@127.0.0.1:5432/overture'),
  REDIS_URL: envUrl(['redis:', 'rediss:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Key prefix of the queues and Overture's Redis keys; every process of one installation must agree. */
  OVERTURE_REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only').default(DEFAULT_REDIS_PREFIX),
  /**
   * The platform's models root: pretrained text encoders (bert, …) as local ONNX exports, one
   * folder per name (`<root>/<name>/onnx/model.onnx`, tokenizer.json, config.json). Unset:
   * `<DATA_DIR>/models` (platformModelsDir), so every worker sharing DATA_DIR sees the same models.
   */
  OVERTURE_MODELS_DIR: z.string().min(1).optional(),
};

/** The platform's models root: OVERTURE_MODELS_DIR, else `<DATA_DIR>/models` (not resolved against the working directory here). */
export function platformModelsDir(env: { DATA_DIR: string; OVERTURE_MODELS_DIR?: string | undefined }): string {
  return env.OVERTURE_MODELS_DIR ?? `${env.DATA_DIR.replace(/[\\/]+$/, '')}/models`;
}

const secretName = /SECRET|PASSWORD|KEY|TOKEN/;

/** The value as the error may show it: never a secret's, and a URL without its password. */
function shownValue(name: string, value: string): string | null {
  if (secretName.test(name)) return null;
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = '***';
      return url.toString();
    }
  } catch {
    // not a URL: shown as given
  }
  return value;
}

/**
 * Parses the environment (empty strings count as unset) or throws one message listing every bad
 * variable, what it expects and the value given.
 */
export function parseEnvironment<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, processName: string): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(env)';
    const given = cleaned[name];
    const shown = given === undefined ? null : shownValue(name, given);
    return `  ${name}: ${issue.message}${shown === null ? '' : ` (got '${shown}')`}`;
  });
  throw new Error(`invalid ${processName} environment:\n${lines.join('\n')}`);
}
