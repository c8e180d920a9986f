import { configSchemaEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(configSchemaEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
