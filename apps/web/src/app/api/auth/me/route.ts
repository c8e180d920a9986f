import { meEndpoint } from '@/server/endpoints/auth';
import { handle } from '@/server/http/route';

export const GET = handle(meEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
