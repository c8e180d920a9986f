import { runLogsEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(runLogsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
