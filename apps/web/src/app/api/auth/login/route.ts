import { loginEndpoint } from '@/server/endpoints/auth';
import { handle } from '@/server/http/route';

export const POST = handle(loginEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
