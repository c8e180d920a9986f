import type { Endpoint } from '../http/route';
import * as apiKeys from './api-keys';
import * as auth from './auth';
import * as datasets from './datasets';
import * as deploymentBundle from './deployment-bundle';
import * as deploymentTraffic from './deployment-traffic';
import * as deployments from './deployments';
import * as models from './models';
import * as predictions from './predict';
import * as pretrainedModels from './pretrained-models';
import * as runs from './runs';
import * as studies from './studies';
import * as system from './system';
import * as users from './users';

/** Every endpoint, for the OpenAPI document (each route.ts mounts its own with `handle`). */
export const allEndpoints: Endpoint[] = [auth, users, apiKeys, datasets, models, runs, studies, deployments, deploymentTraffic, deploymentBundle, predictions, pretrainedModels, system]
  .flatMap((module) => Object.values(module))
  .filter((value): value is Endpoint => typeof value === 'object' && value !== null && 'handler' in value && 'path' in value) as Endpoint[];
