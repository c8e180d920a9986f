import { diffVersionsEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const GET = handle(diffVersionsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
