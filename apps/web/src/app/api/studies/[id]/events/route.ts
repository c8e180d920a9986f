import { studyEventsEndpoint } from '@/server/endpoints/studies';
import { handle } from '@/server/http/route';

export const GET = handle(studyEventsEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
