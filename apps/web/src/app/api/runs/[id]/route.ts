import { deleteRunEndpoint, getRunEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(getRunEndpoint);
export const DELETE = handle(deleteRunEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
