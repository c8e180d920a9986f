import { createBatchPrediction, getBatchPrediction, updateBatchPrediction, type BatchPrediction } from '@overture/db';
import { enqueue } from '@overture/jobs';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { AppContext } from '../context';
import { ApiError, notFound } from '../errors';
import { currentRequestId } from '../observability/request-scope';

/**
 * Writes the batch_predictions row, then queues `prediction.batch` under its id (DESIGN: the row
 * first, then the job). The row — not the BullMQ job, whose ids restart when Redis is emptied —
 * is what GET /api/batch-predictions/{id} reads and what names the output file.
 */
export async function startBatchPrediction(ctx: AppContext, actor: Actor, input: { runId: string; datasetId: string }): Promise<BatchPrediction> {
  const row = await createBatchPrediction(ctx.db, { ...input, createdById: actor.userId });
  try {
    await enqueue(ctx.queues, 'prediction.batch', { ...input, batchPredictionId: row.id }, {}, { requestId: currentRequestId() });
  } catch (error) {
    await updateBatchPrediction(ctx.db, row.id, { status: 'failed', error: 'the job queue (Redis) could not be reached; start it again.' });
    throw new ApiError('unavailable', `the job queue is unavailable (${(error as Error).message}).`);
  }
  return row;
}

export async function requireBatchPrediction(ctx: AppContext, id: string): Promise<BatchPrediction> {
  const row = z.uuid().safeParse(id).success ? await getBatchPrediction(ctx.db, id) : null;
  if (!row) throw notFound(`batch prediction ${id}`);
  return row;
}
