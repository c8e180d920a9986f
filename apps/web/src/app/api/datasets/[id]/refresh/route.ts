import { refreshDatasetEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const POST = handle(refreshDatasetEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
