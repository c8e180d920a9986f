import { storageEndpoint } from '@/server/endpoints/system';
import { handle } from '@/server/http/route';

export const GET = handle(storageEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
