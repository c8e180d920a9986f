import { getBatchPredictionEndpoint } from '@/server/endpoints/predict';
import { handle } from '@/server/http/route';

export const GET = handle(getBatchPredictionEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
