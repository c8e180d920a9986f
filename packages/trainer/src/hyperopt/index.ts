/**
 * The hyperopt engine: samplers, schedulers and the study runner. Pure TypeScript (no tfjs), so a
 * coordinator that only proposes and schedules trials loads none of the training stack.
 */
export { runStudy, concurrencyOf, type RunTrial, type StudyOptions, type StudyResult, type TrialHandle, type TrialOutcome, type TrialRecord, type TrialSpec, type TrialStatus } from './study.js';
export { createSampler, samplers, gridPoints, type Observation, type Sampler } from './samplers/index.js';
export { createScheduler, schedulers, type TrialReport, type TrialScheduler } from './schedulers/index.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
export { sampleDimension, toDimension, valueAt, type Dimension } from './space.js';
