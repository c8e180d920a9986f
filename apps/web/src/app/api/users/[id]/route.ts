import { deleteUserEndpoint, updateUserEndpoint } from '@/server/endpoints/users';
import { handle } from '@/server/http/route';

export const PATCH = handle(updateUserEndpoint);
export const DELETE = handle(deleteUserEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
