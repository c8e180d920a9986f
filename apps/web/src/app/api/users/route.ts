import { listUsersEndpoint } from '@/server/endpoints/users';
import { handle } from '@/server/http/route';

export const GET = handle(listUsersEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
