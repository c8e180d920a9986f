import { z } from 'zod';
import { parseBackendName, type BackendName } from '@overture/trainer';

const ZCliEnv = z.object({
  OVERTURE_BACKEND: z.string().optional(),
  OVERTURE_DEBUG: z.string().optional(),
});

export interface CliEnv {
  backend: BackendName | undefined;
  debug: boolean;
}

/** The environment, read once at start-up. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = ZCliEnv.parse(env);
  return { backend: parseBackendName(parsed.OVERTURE_BACKEND), debug: parsed.OVERTURE_DEBUG === '1' };
}
