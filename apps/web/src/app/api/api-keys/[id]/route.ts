import { revokeApiKeyEndpoint } from '@/server/endpoints/api-keys';
import { handle } from '@/server/http/route';

export const DELETE = handle(revokeApiKeyEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
