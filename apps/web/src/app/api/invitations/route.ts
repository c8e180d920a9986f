import { createInvitationEndpoint, listInvitationsEndpoint } from '@/server/endpoints/users';
import { handle } from '@/server/http/route';

export const GET = handle(listInvitationsEndpoint);
export const POST = handle(createInvitationEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
