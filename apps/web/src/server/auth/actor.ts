import type { UserRole } from '@overture/db';
import { forbidden } from '../errors';

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

type Owner = string | null | undefined;

/** Members change their own things; admins everything; viewers nothing (DESIGN §6). A thing may have several owners (a run: its starter and its model's owner). */
export function canModify(actor: Actor, owners: Owner | Owner[]): boolean {
  if (actor.role === 'admin') return true;
  const ids = Array.isArray(owners) ? owners : [owners];
  return actor.role === 'member' && actor.userId !== null && ids.includes(actor.userId);
}

/**
 * The one ownership check of every state-changing service: a 403 that says who may do it.
 * `what` completes "only … or an admin can …", e.g. `the dataset owner` / `refresh it`.
 */
export function assertCanChange(actor: Actor, owners: Owner | Owner[], who: string, action: string): void {
  if (!canModify(actor, owners)) throw forbidden(`only ${who} or an admin can ${action}.`);
}
