import { createVersionEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const POST = handle(createVersionEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
