import { OvertureError } from '@overture/config';
import { parseCsvText, type RawTable } from '@overture/trainer/data';
import type { RowIssue } from '@overture/trainer/preprocessing';
import { ServingModel, type PredictOptions, type PredictionResult, type ServingModelOptions } from './serving-model.js';

/** A model by name, as listed by the engine. */
export interface DeployedModelInfo {
  name: string;
  directory: string;
  /** When this version was loaded. */
  loadedAt: string;
  inputs: { name: string; type: string; column: string }[];
  outputs: { name: string; type: string; decoder: string }[];
  /** Requests being answered right now. */
  inFlight: number;
}

class Deployment {
  inFlight = 0;
  private retired = false;
  private drained: (() => void) | null = null;
  readonly loadedAt = new Date().toISOString();

  constructor(readonly name: string, readonly directory: string, readonly model: ServingModel) {}

  async use<T>(fn: (model: ServingModel) => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await fn(this.model);
    } finally {
      this.inFlight--;
      if (this.retired && this.inFlight === 0) this.drained?.();
    }
  }

  /** Resolves once the requests still using this version have finished; then frees its session. */
  async retire(): Promise<void> {
    this.retired = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => { this.drained = resolve; });
    await this.model.release();
  }

  info(): DeployedModelInfo {
    const { config } = this.model;
    return {
      name: this.name,
      directory: this.directory,
      loadedAt: this.loadedAt,
      inputs: config.input_features.map((f) => ({ name: f.name, type: f.type, column: f.column ?? f.name })),
      outputs: config.output_features.map((f) => ({ name: f.name, type: f.type, decoder: (f.decoder as { type: string }).type })),
      inFlight: this.inFlight,
    };
  }
}

/**
 * Models served by name: what `overture serve` runs and the web app mounts. `load` under a name
 * that is already served is a hot swap: the new version is loaded and warmed first, then new
 * requests go to it while requests already accepted finish on the old one, whose session is
 * released afterwards. No request is dropped or answered by a half-loaded model.
 */
export class ServingEngine {
  private readonly deployments = new Map<string, Deployment>();
  private readonly retiring = new Set<Promise<void>>();

  constructor(private readonly options: ServingModelOptions = {}) {}

  /** Loads (or hot-swaps) the bundle in `directory` under `name`. */
  async load(name: string, directory: string): Promise<DeployedModelInfo> {
    const model = await ServingModel.load(directory, this.options);
    const next = new Deployment(name, directory, model);
    const previous = this.deployments.get(name);
    this.deployments.set(name, next);
    if (previous) this.track(previous.retire());
    return next.info();
  }

  /** Stops serving `name`; resolves when its last request has been answered. */
  async unload(name: string): Promise<void> {
    const deployment = this.deployments.get(name);
    if (!deployment) throw this.unknown(name);
    this.deployments.delete(name);
    await deployment.retire();
  }

  has(name: string): boolean {
    return this.deployments.has(name);
  }

  list(): DeployedModelInfo[] {
    return [...this.deployments.values()].map((d) => d.info());
  }

  info(name: string): DeployedModelInfo {
    return this.get(name).info();
  }

  /** The model currently answering `name` (for its config and metadata). */
  model(name: string): ServingModel {
    return this.get(name).model;
  }

  /** Predicts JSON instances with model `name`. */
  async predict(name: string, instances: unknown, options: PredictOptions = {}): Promise<PredictionResult> {
    return this.get(name).use((model) => model.predictInstances(instances, options));
  }

  /** Predicts a table (e.g. from CSV) with model `name`. */
  async predictTable(name: string, table: RawTable, options: PredictOptions = {}, knownErrors: RowIssue[] = []): Promise<PredictionResult> {
    return this.get(name).use((model) => model.predictTable(table, options, knownErrors));
  }

  /** Predicts CSV text (header row, columns as in the training data); rows with a wrong field count are row errors. */
  async predictCsv(name: string, text: string, options: PredictOptions = {}): Promise<PredictionResult> {
    const { table, badRows } = parseCsvText(text, { source: 'the CSV body' });
    if (table.rowCount === 0) throw new OvertureError('invalid_input', 'the CSV body has a header but no rows: send at least one row.');
    return this.predictTable(name, table, options, badRows.map((b) => ({ row: b.row, message: `CSV row ${b.row} ${b.message}` })));
  }

  /** Unloads every model, waiting for in-flight requests. */
  async close(): Promise<void> {
    const names = [...this.deployments.keys()];
    await Promise.all(names.map((n) => this.unload(n)));
    await Promise.all(this.retiring);
  }

  private track(retirement: Promise<void>): void {
    const settled = retirement.catch(() => undefined);
    this.retiring.add(settled);
    void settled.finally(() => this.retiring.delete(settled));
  }

  private get(name: string): Deployment {
    const deployment = this.deployments.get(name);
    if (!deployment) throw this.unknown(name);
    return deployment;
  }

  private unknown(name: string): OvertureError {
    const known = [...this.deployments.keys()];
    return new OvertureError('not_found', `no model named '${name}' is deployed${known.length > 0 ? ` (deployed: ${known.join(', ')})` : ''}.`);
  }
}
