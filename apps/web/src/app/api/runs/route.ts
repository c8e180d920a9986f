import { createRunEndpoint, listRunsEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(listRunsEndpoint);
export const POST = handle(createRunEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
