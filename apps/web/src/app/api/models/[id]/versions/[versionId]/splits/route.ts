import { versionSplitsEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(versionSplitsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
