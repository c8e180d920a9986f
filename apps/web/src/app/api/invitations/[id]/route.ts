import { deleteInvitationEndpoint } from '@/server/endpoints/users';
import { handle } from '@/server/http/route';

export const DELETE = handle(deleteInvitationEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
