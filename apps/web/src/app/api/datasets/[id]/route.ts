import { deleteDatasetEndpoint, getDatasetEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const GET = handle(getDatasetEndpoint);
export const DELETE = handle(deleteDatasetEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
