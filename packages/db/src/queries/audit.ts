import type { Database } from '../client.js';
import { auditLog } from '../schema/index.js';

/** Appends who did what to which object (`run.create`, `deployment.update`, `api_key.revoke`…). */
export async function recordAudit(db: Database, entry: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(entry);
}
