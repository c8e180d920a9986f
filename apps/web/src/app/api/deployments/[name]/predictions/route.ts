import { listPredictionLogEndpoint } from '@/server/endpoints/deployment-traffic';
import { handle } from '@/server/http/route';

export const GET = handle(listPredictionLogEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
