/** The hyperopt section lives in `./hyperopt/`; this keeps the old import path. */
export * from './hyperopt/index.js';
