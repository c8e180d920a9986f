import { z } from 'zod';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/**
 * A change of a study, on the study's own Redis Stream (as a run's events are on the run's): the
 * study page refetches the study when one arrives. `end` closes the browser's stream.
 */
export const ZStudyEvent = z.object({
  type: z.enum(['status', 'trial', 'end']),
  studyId: z.string(),
  ts: z.number(),
  status: z.string().optional(),
  /** `trial`: the trial's index, status and metric score so far. */
  trial: z.number().int().optional(),
  metricScore: z.number().nullable().optional(),
  message: z.string().optional(),
});
export type StudyEvent = z.infer<typeof ZStudyEvent>;

/** XADDs one event (capped stream; kept a week after the study's end). */
export async function publishStudyEvent(redis: Redis, prefix: string, event: StudyEvent): Promise<string> {
  const key = keys.studyEvents(prefix, event.studyId);
  const pipeline = redis.pipeline().xadd(key, 'MAXLEN', '~', '5000', '*', 'e', JSON.stringify(event));
  if (event.type === 'end') pipeline.expire(key, 7 * 24 * 3600);
  const [[error, id]] = (await pipeline.exec())!;
  if (error) throw error;
  return id as string;
}
