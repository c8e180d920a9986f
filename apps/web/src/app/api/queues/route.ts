import { queuesEndpoint } from '@/server/endpoints/system';
import { handle } from '@/server/http/route';

export const GET = handle(queuesEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
