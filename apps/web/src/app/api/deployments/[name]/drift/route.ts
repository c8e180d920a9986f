import { driftEndpoint } from '@/server/endpoints/deployment-traffic';
import { handle } from '@/server/http/route';

export const GET = handle(driftEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
