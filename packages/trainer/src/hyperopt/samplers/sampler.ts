import type { HyperoptParameter, SearchAlgConfig, SearchAlgType } from '@overture/config';

/** A finished trial as samplers see it: `loss` is the metric turned so that lower is better; null when it failed. */
export interface Observation {
  parameters: Readonly<Record<string, unknown>>;
  loss: number | null;
}

/**
 * Proposes parameter sets. Adaptive samplers read the finished trials on every call, so a study can
 * ask for the next set whenever a slot frees (results of running trials are not known yet).
 */
export interface Sampler {
  /** Trials the search runs in all. */
  readonly total: number;
  /** The next parameter set (every searched path, in the config's order), or null once `total` were proposed. */
  propose(finished: readonly Observation[]): Record<string, unknown> | null;
}

export interface SamplerOptions<T extends SearchAlgType = SearchAlgType> {
  parameters: Readonly<Record<string, HyperoptParameter>>;
  alg: Extract<SearchAlgConfig, { type: T }>;
  numSamples: number;
  seed: number;
}

export type SamplerFactory<T extends SearchAlgType> = (options: SamplerOptions<T>) => Sampler;
