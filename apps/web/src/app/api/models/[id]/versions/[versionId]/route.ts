import { getVersionEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(getVersionEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
