import { updateTrafficEndpoint } from '@/server/endpoints/deployment-traffic';
import { handle } from '@/server/http/route';

export const PATCH = handle(updateTrafficEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
