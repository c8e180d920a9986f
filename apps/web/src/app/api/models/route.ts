import { createModelEndpoint, listModelsEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(listModelsEndpoint);
export const POST = handle(createModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
