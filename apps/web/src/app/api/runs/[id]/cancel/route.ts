import { cancelRunEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const POST = handle(cancelRunEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
