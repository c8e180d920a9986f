import { runMetricSeriesEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(runMetricSeriesEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
