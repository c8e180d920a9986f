/** Overture's own Redis keys, beside BullMQ's `<prefix>:<queue>:…` (no queue is named runs or workers). */
export const keys = {
  runEvents: (prefix: string, runId: string) => `${prefix}:runs:${runId}:events`,
  workers: (prefix: string) => `${prefix}:workers`,
  worker: (prefix: string, workerId: string) => `${prefix}:workers:${workerId}`,
};
