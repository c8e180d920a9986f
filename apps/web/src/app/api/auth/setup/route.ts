import { setupEndpoint, setupStatusEndpoint } from '@/server/endpoints/auth';
import { handle } from '@/server/http/route';

export const GET = handle(setupStatusEndpoint);
export const POST = handle(setupEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
