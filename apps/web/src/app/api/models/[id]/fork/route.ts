import { forkModelEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const POST = handle(forkModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
