import { getDeployment, listDeployments, type Database, type Deployment } from '@overture/db';
import { checkBundleOffThread, type OffThreadCheckOptions, type ServingEngine } from '@overture/serving';
import type { Bus } from './bus.js';
import { runBundleDirectory } from './bundle-paths.js';
import { isDeploymentName, unknownDeployment } from './deployment-names.js';
import { ApiError } from './errors.js';
import type { PredictMetrics } from './metrics.js';
import { engineKey, routedRuns, routesOf, routesSignature, type Role, type Routes } from './traffic.js';

export interface DeploymentServerOptions {
  /** Limits of the probe's worker thread (OVERTURE_MODEL_LOAD_*). */
  probeLimits?: OffThreadCheckOptions;
  /**
   * Follow every deployment, not only those already asked for: a deploy event loads the model at
   * once (the serving process, whose first request must not wait for a load); the web loads on
   * first request.
   */
  eager?: boolean;
  /**
   * Told what this process serves for a name after following a change: its routes' signature (the
   * run id when there is no traffic split), `failed:<signature>` or null (the serving replicas record it in Redis).
   */
  report?: (name: string, state: string | null) => Promise<void>;
  /** Waits until the other processes serve `signature` for `name` (null: none) after a change here (the web waits for the serving replicas). */
  settle?: (name: string, signature: string | null) => Promise<void>;
}

/**
 * Keeps this process's ServingEngine in step with the deployments table: a deployment is loaded
 * on its first request (or, eager, when deployed), re-pointed at once on a hot swap or a change of
 * its traffic split in this process (and, through the bus, in every other web and serving process),
 * and unloaded when deleted. The engine's own hot swap lets requests in flight finish on the old
 * version. A split's canary and shadow runs are loaded beside the primary (see `engineKey`).
 */
export class DeploymentServer {
  /** Deployment name → the routes loaded in the engine. */
  private readonly loaded = new Map<string, Routes>();
  private readonly pending = new Map<string, Promise<void>>();
  private bus: Bus | null = null;

  private readonly probeLimits: OffThreadCheckOptions;
  private readonly eager: boolean;
  private readonly report: NonNullable<DeploymentServerOptions['report']>;
  private readonly settle: NonNullable<DeploymentServerOptions['settle']>;

  constructor(
    readonly engine: ServingEngine, private readonly db: Database, private readonly dataDir: string, private readonly log: (m: string) => void,
    private readonly metrics: Pick<PredictMetrics, 'modelLoad'>, options: DeploymentServerOptions = {},
  ) {
    this.probeLimits = options.probeLimits ?? { timeoutMs: 60_000, memoryMb: 1024 };
    this.eager = options.eager ?? false;
    this.report = options.report ?? (async () => undefined);
    this.settle = options.settle ?? (async () => undefined);
  }

  setBus(bus: Bus): void {
    this.bus = bus;
  }

  /** Loads the deployment `name` if this process does not serve it yet; 404 when there is none. */
  async ensure(name: string): Promise<void> {
    if (this.loaded.has(name)) return;
    await this.serialize(name, async () => {
      if (this.loaded.has(name)) return;
      const deployment = isDeploymentName(name) ? await getDeployment(this.db, name) : null;
      if (!deployment || deployment.status !== 'active') throw unknownDeployment(name);
      await this.load(name, routesOf(deployment));
    });
  }

  /**
   * Loads (or hot-swaps to) `deployment`'s routes here, then tells the other processes and waits for
   * them (`settle`): once a PUT returns, every serving replica answers with the new runs. Throws when
   * a bundle cannot be served here.
   */
  async activate(deployment: Deployment): Promise<void> {
    const routes = routesOf(deployment);
    await this.serialize(deployment.name, () => this.load(deployment.name, routes));
    await this.bus?.publish({ type: 'deployment', name: deployment.name }).catch(() => undefined);
    await this.settle(deployment.name, routesSignature(routes));
  }

  /**
   * Checks a run's bundle loads before a deployment row points at it: graph check, session and
   * warm-up in a worker thread with a time limit, so a bundle imported before the import checked
   * graphs (or one changed on disk) cannot hold this process's event loop. The engine's own load
   * checks the graph again.
   */
  async probe(runId: string): Promise<void> {
    await checkBundleOffThread(await runBundleDirectory(this.db, this.dataDir, runId), this.probeLimits);
  }

  async deactivate(name: string): Promise<void> {
    await this.serialize(name, () => this.unload(name));
    await this.bus?.publish({ type: 'deployment', name }).catch(() => undefined);
    await this.settle(name, null);
  }

  /**
   * Loads every active deployment (an eager process at start); one that fails to load is logged and
   * left for its first request to answer 503. Resolves with how many loaded and how many failed.
   */
  async loadAll(): Promise<{ loaded: number; failed: number }> {
    let loaded = 0, failed = 0;
    for (const deployment of await listDeployments(this.db)) {
      if (deployment.status !== 'active') continue;
      try {
        await this.refresh(deployment.name);
        loaded += 1;
      } catch {
        failed += 1; // refresh logged why
      }
    }
    return { loaded, failed };
  }

  /** Another process changed `name`: follow the table (only names this process serves, unless eager). */
  async refresh(name: string): Promise<void> {
    if (!this.eager && !this.loaded.has(name)) return;
    await this.serialize(name, async () => {
      const deployment = await getDeployment(this.db, name);
      if (!deployment || deployment.status !== 'active') {
        await this.unload(name);
        await this.report(name, null).catch(() => undefined);
        return;
      }
      const routes = routesOf(deployment);
      await this.load(name, routes).catch(async (error: unknown) => {
        await this.report(name, `failed:${routesSignature(routes)}`).catch(() => undefined);
        throw error;
      });
      await this.report(name, routesSignature(routes)).catch(() => undefined);
    });
  }

  /** The primary run this process serves for `name`. */
  loadedRun(name: string): string | undefined {
    return this.loaded.get(name)?.primary;
  }

  /** The routes (primary, canary, shadow, log share) this process serves for `name`. */
  loadedRoutes(name: string): Routes | undefined {
    return this.loaded.get(name);
  }

  /** Deployment name → primary run id of every model this process serves now. */
  loadedRuns(): Map<string, string> {
    return new Map([...this.loaded].map(([name, routes]) => [name, routes.primary]));
  }

  /** A deployment whose bundle does not load is the server's problem (503), not the caller's; the cause goes to the log. */
  private unservable(name: string, role: Role, runId: string, error: unknown): ApiError {
    const which = role === 'primary' ? 'its model' : `its ${role} model`;
    this.log(`deployment ${name} (${role} run ${runId}) failed to load: ${(error as Error)?.stack ?? String(error)}`);
    return new ApiError('unavailable', `deployment '${name}' cannot be served right now: ${which} (run ${runId}) failed to load; the details are in the server log. Point it at a working run with PUT /api/deployments/${name}${role === 'primary' ? '' : ' or remove the split with PUT /api/deployments/' + name + '/traffic'}.`);
  }

  /** Loads what `routes` serve and is not loaded yet, routes by them, then unloads a split's part that is gone (its requests in flight finish). */
  private async load(name: string, routes: Routes): Promise<void> {
    const current = this.loaded.get(name);
    const runOf = (r: Routes | undefined, role: Role) => (r ? routedRuns(r).find(([which]) => which === role)?.[1] : undefined);
    for (const [role, runId] of routedRuns(routes)) {
      if (runOf(current, role) === runId && this.engine.has(engineKey(name, role))) continue;
      await this.loadRun(name, role, runId).catch((error: unknown) => {
        throw this.unservable(name, role, runId, error);
      });
    }
    // Routed the new way first: a request still routed to a part being unloaded would find no model (404).
    this.loaded.set(name, routes);
    for (const role of ['canary', 'shadow'] as const) {
      if (runOf(current, role) !== undefined && runOf(routes, role) === undefined && this.engine.has(engineKey(name, role))) await this.engine.unload(engineKey(name, role));
    }
  }

  private async loadRun(name: string, role: Role, runId: string): Promise<void> {
    const directory = await runBundleDirectory(this.db, this.dataDir, runId);
    const started = performance.now();
    try {
      await this.engine.load(engineKey(name, role), directory);
    } catch (error) {
      this.metrics.modelLoad.observe({ deployment: name, outcome: 'failed' }, (performance.now() - started) / 1000);
      throw error;
    }
    this.metrics.modelLoad.observe({ deployment: name, outcome: 'loaded' }, (performance.now() - started) / 1000);
    this.log(role === 'primary' ? `serving deployment ${name} from run ${runId}` : `serving deployment ${name}'s ${role} from run ${runId}`);
  }

  private async unload(name: string): Promise<void> {
    const routes = this.loaded.get(name);
    if (!routes) return;
    this.loaded.delete(name);
    for (const [role] of routedRuns(routes)) {
      if (this.engine.has(engineKey(name, role))) await this.engine.unload(engineKey(name, role));
    }
  }

  /** One load or unload per name at a time. */
  private async serialize(name: string, work: () => Promise<void>): Promise<void> {
    const previous = this.pending.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.pending.set(name, next);
    try {
      await next;
    } finally {
      if (this.pending.get(name) === next) this.pending.delete(name);
    }
  }
}
