/**
 * Caps on a config, so one request cannot hold the web's event loop (or a worker) for long: the
 * whole path — parse, upgrade, validate, locate, suggest — is linear in the text, and these bound
 * the text and what it may expand to. Every config goes through them: YAML/JSON text
 * (`parseConfigText`) and already-parsed objects (`resolveConfig`, e.g. a stored version or a job).
 */
export interface ConfigLimits {
  /** Characters of YAML/JSON text. */
  maxTextLength: number;
  /** Mapping keys plus list items in the whole config, each alias or merge counted as often as it is used. */
  maxNodes: number;
  /** Nesting of mappings and lists (`a: {b: [c]}` is 3 deep). */
  maxDepth: number;
  /** Characters in any one key or string value. */
  maxStringLength: number;
  /** Items in any one list. */
  maxListItems: number;
  /** YAML aliases (`*name`) expanded; the `yaml` package's `maxAliasCount` (merge keys `<<` count too). */
  maxAliases: number;
  /** Problems listed in an error; the error still names how many there are in all. */
  maxReportedProblems: number;
}

/**
 * Hand-written configs are a few KB and a few hundred nodes, at most ~8 deep. The text cap is what
 * bounds the time: the `yaml` package parses about 1 MB a second on a busy core, so 512 KB holds the
 * event loop for a fraction of a second at most; a generated config of ~13,000 features still fits.
 */
export const defaultConfigLimits: ConfigLimits = {
  maxTextLength: 512 * 1024,
  maxNodes: 100_000,
  maxDepth: 32,
  maxStringLength: 10_000,
  maxListItems: 25_000,
  maxAliases: 100,
  maxReportedProblems: 100,
};

/**
 * For a config that arrives as an object (a stored version, a job payload, a bundle's JSON): no
 * node cap, since an object has no aliases and is as large as the text or file it came from (a
 * resolved config holds about 12 nodes per feature, four times its YAML). The other caps still keep
 * recursive code below from a stack overflow.
 */
export const objectConfigLimits: ConfigLimits = { ...defaultConfigLimits, maxNodes: Number.POSITIVE_INFINITY };
