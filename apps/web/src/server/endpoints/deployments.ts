import { listDeployments, type Deployment } from '@overture/db';
import { z } from 'zod';
import { endpoint } from '../http/route';
import { routesOf, ZDeploymentName } from '@overture/deployments';
import { deploy, redeploy, requireDeployment, undeploy } from '../services/deployments';
import { typicalInput } from '../services/typical-input';
import { ZOk } from './schemas';

const ZSplit = z.object({ runId: z.uuid(), percent: z.number() }).nullable();

export const ZDeployment = z.object({
  name: z.string(), runId: z.uuid(), modelVersionId: z.uuid(), status: z.enum(['active', 'inactive']), createdById: z.string().nullable(),
  createdAt: z.string(), updatedAt: z.string(), predictUrl: z.string(), loadedHere: z.boolean(),
  /** The traffic split (PATCH /api/deployments/<name>/traffic) and the share of requests logged. */
  traffic: z.object({ canary: ZSplit, shadow: ZSplit, logPercent: z.number() }),
});

export const createDeploymentEndpoint = endpoint({
  method: 'POST', path: '/api/deployments', tag: 'deployments', access: 'member', status: 201,
  summary: "Deploy a completed run's model under a name: POST /predict/<name> answers at once",
  body: z.object({ name: ZDeploymentName, runId: z.uuid() }), response: ZDeployment,
  async handler({ app, actor, body }) {
    return describeDeployment(app.serving.loadedRun.bind(app.serving), await deploy(app, actor, body));
  },
});

export const listDeploymentsEndpoint = endpoint({
  method: 'GET', path: '/api/deployments', tag: 'deployments', summary: 'Deployments', access: 'viewer',
  response: z.object({ deployments: z.array(ZDeployment) }),
  async handler({ app }) {
    return { deployments: (await listDeployments(app.db)).map((d) => describeDeployment(app.serving.loadedRun.bind(app.serving), d)) };
  },
});

export const getDeploymentEndpoint = endpoint({
  method: 'GET', path: '/api/deployments/{name}', tag: 'deployments', summary: "A deployment with its model's inputs and outputs (loads it if needed)", access: 'viewer',
  params: z.object({ name: z.string() }),
  response: ZDeployment.extend({
    inputs: z.array(z.object({
      name: z.string(), type: z.string(), column: z.string(),
      /** From the training-set metadata: a typical value and the known values (prefills the playground without a dataset profile). */
      typical: z.string().nullable(), choices: z.array(z.string()),
    })),
    /** `decoder`: how a text/sequence output is written (tagger: a tag per input token; generator: a text of its own). */
    outputs: z.array(z.object({ name: z.string(), type: z.string(), decoder: z.string().optional() })),
  }),
  async handler({ app, params }) {
    const deployment = await requireDeployment(app, params.name);
    await app.serving.ensure(deployment.name);
    const info = app.serving.engine.info(deployment.name);
    const metadata = app.serving.engine.model(deployment.name).bundle.metadata as Record<string, unknown>;
    const inputs = info.inputs.map((input) => ({ ...input, ...typicalInput(metadata[input.name]) }));
    return { ...describeDeployment(app.serving.loadedRun.bind(app.serving), deployment), inputs, outputs: info.outputs };
  },
});

export const updateDeploymentEndpoint = endpoint({
  method: 'PUT', path: '/api/deployments/{name}', tag: 'deployments', access: 'member',
  summary: 'Point a deployment at another completed run (hot swap: no request is dropped)',
  params: z.object({ name: z.string() }), body: z.object({ runId: z.uuid() }), response: ZDeployment,
  async handler({ app, actor, params, body }) {
    return describeDeployment(app.serving.loadedRun.bind(app.serving), await redeploy(app, actor, params.name, body.runId));
  },
});

export const deleteDeploymentEndpoint = endpoint({
  method: 'DELETE', path: '/api/deployments/{name}', tag: 'deployments', summary: 'Stop serving a deployment (requests in flight are answered)', access: 'member',
  params: z.object({ name: z.string() }), response: ZOk,
  async handler({ app, actor, params }) {
    await undeploy(app, actor, params.name);
    return { ok: true as const };
  },
});

export function describeDeployment(loadedRun: (name: string) => string | undefined, d: Deployment) {
  const { canary, shadow, logPercent } = routesOf(d);
  return {
    traffic: { canary, shadow, logPercent },
    name: d.name, runId: d.runId, modelVersionId: d.modelVersionId, status: d.status, createdById: d.createdById,
    createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(), predictUrl: `/predict/${d.name}`, loadedHere: loadedRun(d.name) === d.runId,
  };
}
