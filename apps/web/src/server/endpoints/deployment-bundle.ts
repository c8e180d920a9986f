import { describeBrowserBundle, readBrowserModel } from '@overture/serving';
import { z } from 'zod';
import { conflict } from '../errors';
import { endpoint } from '../http/route';
import { requireDeployment } from '../services/deployments';
import { runBundleDirectory } from '../services/store-paths';

// The playground's in-browser mode: the bundle of the run a deployment serves, as much of it as a
// browser needs to answer as the server does (config, metadata, then the graph).

const ZParams = z.object({ name: z.string() });

export const getDeploymentBundleEndpoint = endpoint({
  method: 'GET', path: '/api/deployments/{name}/bundle', tag: 'deployments', access: 'viewer',
  summary: "What a browser needs to run a deployment's model itself: the served run's resolved config and training-set metadata, and whether it may (no image or audio input, model.onnx up to 64 MB)",
  params: ZParams,
  response: z.object({
    name: z.string(), runId: z.uuid(),
    /** GET it for model.onnx (only when runnableInBrowser). */
    modelUrl: z.string(), modelBytes: z.number().int(),
    runnableInBrowser: z.boolean(),
    /** Why not, in plain English (null when runnable). */
    reason: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()),
  }),
  async handler({ app, params }) {
    const deployment = await requireDeployment(app, params.name);
    const info = await describeBrowserBundle(await runBundleDirectory(app.db, app.env.dataDir, deployment.runId));
    return {
      name: deployment.name, runId: deployment.runId,
      modelUrl: `/api/deployments/${deployment.name}/model.onnx?runId=${deployment.runId}`, modelBytes: info.modelBytes,
      runnableInBrowser: info.support.runnable, reason: info.support.runnable ? null : info.support.reason,
      config: info.bundle.config, metadata: info.bundle.metadata,
    };
  },
});

export const getDeploymentModelEndpoint = endpoint({
  method: 'GET', path: '/api/deployments/{name}/model.onnx', tag: 'deployments', access: 'viewer', produces: ['application/octet-stream'],
  summary: "The ONNX graph of the run a deployment serves, for running it in the browser; refused when it runs on the server only (413 over 64 MB, 400 with an image or audio input). `?runId=` answers 409 once the deployment serves another run",
  params: ZParams, query: z.object({ runId: z.uuid().optional() }),
  async handler({ app, params, query }) {
    const deployment = await requireDeployment(app, params.name);
    if (query.runId !== undefined && query.runId !== deployment.runId) {
      throw conflict(`deployment '${deployment.name}' now serves run ${deployment.runId}, not ${query.runId}: reload its bundle (GET /api/deployments/${deployment.name}/bundle).`);
    }
    const onnx = await readBrowserModel(await runBundleDirectory(app.db, app.env.dataDir, deployment.runId));
    return new Response(onnx as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(onnx.byteLength), 'cache-control': 'private, no-cache' },
    });
  },
});
