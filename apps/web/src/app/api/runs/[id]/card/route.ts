import { runCardEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(runCardEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
