import { metricsEndpoint } from '@/server/endpoints/system';
import { handle } from '@/server/http/route';

export const GET = handle(metricsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
