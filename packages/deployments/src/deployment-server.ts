import { getDeployment, listDeployments, type Database } from '@overture/db';
import { checkBundleOffThread, type OffThreadCheckOptions, type ServingEngine } from '@overture/serving';
import type { Bus } from './bus.js';
import { runBundleDirectory } from './bundle-paths.js';
import { isDeploymentName, unknownDeployment } from './deployment-names.js';
import { ApiError } from './errors.js';
import type { PredictMetrics } from './metrics.js';

export interface DeploymentServerOptions {
  /** Limits of the probe's worker thread (OVERTURE_MODEL_LOAD_*). */
  probeLimits?: OffThreadCheckOptions;
  /**
   * Follow every deployment, not only those already asked for: a deploy event loads the model at
   * once (the serving process, whose first request must not wait for a load); the web loads on
   * first request.
   */
  eager?: boolean;
  /** Told what this process serves for a name after following a change: a run id, `failed:<run id>` or null (the serving replicas record it in Redis). */
  report?: (name: string, state: string | null) => Promise<void>;
  /** Waits until the other processes serve `runId` for `name` (null: none) after a change here (the web waits for the serving replicas). */
  settle?: (name: string, runId: string | null) => Promise<void>;
}

/**
 * Keeps this process's ServingEngine in step with the deployments table: a deployment is loaded
 * on its first request (or, eager, when deployed), re-pointed at once on a hot swap in this process
 * (and, through the bus, in every other web and serving process), and unloaded when deleted. The
 * engine's own hot swap lets requests in flight finish on the old version.
 */
export class DeploymentServer {
  /** Deployment name → run id loaded in the engine. */
  private readonly loaded = new Map<string, string>();
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
      await this.load(name, deployment.runId).catch((error: unknown) => {
        throw this.unservable(name, deployment.runId, error);
      });
    });
  }

  /**
   * Loads (or hot-swaps to) `runId` here, then tells the other processes and waits for them
   * (`settle`): once a PUT returns, every serving replica answers with the new run. Throws when the
   * bundle cannot be served here.
   */
  async activate(name: string, runId: string): Promise<void> {
    await this.serialize(name, () => this.load(name, runId));
    await this.bus?.publish({ type: 'deployment', name }).catch(() => undefined);
    await this.settle(name, runId);
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
    await this.serialize(name, async () => {
      if (this.loaded.delete(name)) await this.engine.unload(name);
    });
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
        if (this.loaded.delete(name)) await this.engine.unload(name);
        await this.report(name, null).catch(() => undefined);
        return;
      }
      if (this.loaded.get(name) !== deployment.runId) {
        await this.load(name, deployment.runId).catch(async (error: unknown) => {
          await this.report(name, `failed:${deployment.runId}`).catch(() => undefined);
          throw this.unservable(name, deployment.runId, error);
        });
      }
      await this.report(name, deployment.runId).catch(() => undefined);
    });
  }

  loadedRun(name: string): string | undefined {
    return this.loaded.get(name);
  }

  /** Deployment name → run id of every model this process serves now. */
  loadedRuns(): Map<string, string> {
    return new Map(this.loaded);
  }

  /** A deployment whose bundle does not load is the server's problem (503), not the caller's; the cause goes to the log. */
  private unservable(name: string, runId: string, error: unknown): ApiError {
    this.log(`deployment ${name} (run ${runId}) failed to load: ${(error as Error)?.stack ?? String(error)}`);
    return new ApiError('unavailable', `deployment '${name}' cannot be served right now: its model (run ${runId}) failed to load; the details are in the server log. Point it at a working run with PUT /api/deployments/${name}.`);
  }

  private async load(name: string, runId: string): Promise<void> {
    const directory = await runBundleDirectory(this.db, this.dataDir, runId);
    const started = performance.now();
    try {
      await this.engine.load(name, directory);
    } catch (error) {
      this.metrics.modelLoad.observe({ deployment: name, outcome: 'failed' }, (performance.now() - started) / 1000);
      throw error;
    }
    this.metrics.modelLoad.observe({ deployment: name, outcome: 'loaded' }, (performance.now() - started) / 1000);
    this.loaded.set(name, runId);
    this.log(`serving deployment ${name} from run ${runId}`);
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
