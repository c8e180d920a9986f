import { z } from 'zod';
import { parseBackendName, type BackendName } from '@overture/trainer';
import { DEFAULT_MODELS_DIR } from '@overture/trainer/preprocessing';

const ZCliEnv = z.object({
  OVERTURE_BACKEND: z.string().optional(),
  OVERTURE_DEBUG: z.string().optional(),
  OVERTURE_MODELS_DIR: z.string().min(1).optional(),
});

export interface CliEnv {
  backend: BackendName | undefined;
  debug: boolean;
  /** The models root of pretrained encoders (bert, …): OVERTURE_MODELS_DIR, else ~/.overture/models. */
  modelsDir: string;
}

/** The environment, read once at start-up. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = ZCliEnv.parse(env);
  return { backend: parseBackendName(parsed.OVERTURE_BACKEND), debug: parsed.OVERTURE_DEBUG === '1', modelsDir: parsed.OVERTURE_MODELS_DIR ?? DEFAULT_MODELS_DIR };
}
