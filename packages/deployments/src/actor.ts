import type { UserRole } from '@overture/db';

/** Who is asking: a signed-in user, a user's API key, or the bootstrap key (an admin without a user). */
export interface Actor {
  kind: 'session' | 'api_key' | 'bootstrap';
  userId: string | null;
  email: string | null;
  role: UserRole;
  apiKeyId?: string;
}

const rank: Record<UserRole, number> = { viewer: 0, member: 1, admin: 2 };

export function hasRole(actor: Actor, least: UserRole): boolean {
  return rank[actor.role] >= rank[least];
}
