import { acceptInvitationEndpoint } from '@/server/endpoints/users';
import { handle } from '@/server/http/route';

export const POST = handle(acceptInvitationEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
