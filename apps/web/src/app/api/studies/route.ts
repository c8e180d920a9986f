import { createStudyEndpoint, listStudiesEndpoint } from '@/server/endpoints/studies';
import { handle } from '@/server/http/route';

export const GET = handle(listStudiesEndpoint);
export const POST = handle(createStudyEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
