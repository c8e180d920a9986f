import { cancelStudyEndpoint } from '@/server/endpoints/studies';
import { handle } from '@/server/http/route';

export const POST = handle(cancelStudyEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
