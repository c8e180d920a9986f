/**
 * The error taxonomy shared by every package. User mistakes (bad config, bad data) are
 * `OvertureError`s with a stable code; the HTTP layer maps codes to statuses and the CLI
 * prints the message without a stack trace.
 */
export const errorCodes = {
  invalid_config: 400,
  invalid_data: 400,
  invalid_input: 400,
  unsupported: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** One problem in a config or a data file, pointing at where it is. */
export interface ErrorDetail {
  /** Config path like `trainer.epocs` or `input_features[2].type`; column name for data problems. */
  path?: string;
  message: string;
  /** "did you mean" candidate, when there is one. */
  suggestion?: string;
  /** 1-based line in the YAML/JSON text (config) or in the data file (data). */
  line?: number;
  column?: number;
}

/**
 * Marks an OvertureError by a registered symbol, not its class: a bundler (Next) may load this module
 * twice, and an error made by one copy fails `instanceof` against the other.
 */
const BRAND = Symbol.for('overture.error');

export class OvertureError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly [BRAND] = true;
  /** How many problems there are in all; `details` lists the first of them (see `ConfigLimits.maxReportedProblems`). */
  readonly total: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], total = details.length) {
    super(message);
    this.name = 'OvertureError';
    this.code = code;
    this.details = details;
    this.total = Math.max(total, details.length);
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export function isOvertureError(error: unknown): error is OvertureError {
  return error instanceof OvertureError || (typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true);
}
