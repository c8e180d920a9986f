import { createApiKeyEndpoint, listApiKeysEndpoint } from '@/server/endpoints/api-keys';
import { handle } from '@/server/http/route';

export const GET = handle(listApiKeysEndpoint);
export const POST = handle(createApiKeyEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
