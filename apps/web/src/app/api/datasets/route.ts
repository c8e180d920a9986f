// The handler streams the body itself (DESIGN "Known traps": no middleware, no formData()).
import { createDatasetEndpoint, listDatasetsEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const GET = handle(listDatasetsEndpoint);
export const POST = handle(createDatasetEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
