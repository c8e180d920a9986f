import { runArtifactsEndpoint } from '@/server/endpoints/runs';
import { handle } from '@/server/http/route';

export const GET = handle(runArtifactsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
