import type { Actor } from '@overture/deployments';
import { forbidden } from '../errors';

// Who is asking is shared with the serving process, which authenticates alike.
export { hasRole, type Actor } from '@overture/deployments';

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
