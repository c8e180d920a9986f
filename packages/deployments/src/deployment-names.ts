import { z } from 'zod';
import { ApiError } from './errors.js';

/** What POST /api/deployments accepts as a name; any other string names no deployment. */
export const ZDeploymentName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, - and _ (up to 63), starting with a letter or digit');

export function isDeploymentName(name: string): boolean {
  return ZDeploymentName.safeParse(name).success;
}

/** The 404 of /predict, /predict/<name> and /api/deployments/<name>: names the deployment and says where the real ones are. */
export function unknownDeployment(name: string): ApiError {
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return new ApiError('not_found', `no deployment named '${shown}' (or you cannot see it): GET /api/deployments lists the deployments; POST /api/deployments creates one.`);
}
