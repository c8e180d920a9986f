import { deleteModelEndpoint, getModelEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(getModelEndpoint);
export const DELETE = handle(deleteModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
