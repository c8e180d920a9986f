import { autoConfigPreviewEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const GET = handle(autoConfigPreviewEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
