import { overrideColumnEndpoint } from '@/server/endpoints/datasets';
import { handle } from '@/server/http/route';

export const PATCH = handle(overrideColumnEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
