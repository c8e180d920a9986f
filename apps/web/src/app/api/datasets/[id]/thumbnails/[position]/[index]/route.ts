import { datasetThumbnailEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const GET = handle(datasetThumbnailEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
