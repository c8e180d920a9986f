// The handler streams the body itself (DESIGN "Known traps": no middleware, no formData()).
import { createBatchPredictionEndpoint } from '@/server/endpoints/predict';
import { handle } from '@/server/http/route';

export const POST = handle(createBatchPredictionEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
