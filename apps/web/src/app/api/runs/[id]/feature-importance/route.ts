import { featureImportanceEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(featureImportanceEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
