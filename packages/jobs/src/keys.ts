/** Overture's own Redis keys, beside BullMQ's `<prefix>:<queue>:…` (no queue is named runs or workers). */
export const keys = {
  runEvents: (prefix: string, runId: string) => `${prefix}:runs:${runId}:events`,
  /** Set by a study's coordinator when its scheduler stops a trial early: the trial's worker polls it. */
  runStop: (prefix: string, runId: string) => `${prefix}:runs:${runId}:stop`,
  studyEvents: (prefix: string, studyId: string) => `${prefix}:studies:${studyId}:events`,
  workers: (prefix: string) => `${prefix}:workers`,
  worker: (prefix: string, workerId: string) => `${prefix}:workers:${workerId}`,
};
