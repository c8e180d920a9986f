import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password-policy';
import { z } from 'zod';

export const ZId = z.uuid({ message: 'must be an id (a UUID)' });
export const ZIdParams = z.object({ id: ZId });
export const ZPage = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ZRole = z.enum(['admin', 'member', 'viewer']);
export const ZUser = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable(), role: ZRole, createdAt: z.string() });
export const ZOk = z.object({ ok: z.literal(true) });
export const ZEmail = z.email({ message: 'must be an email address' }).transform((v) => v.toLowerCase());
/** The length bounds; the full policy (common passwords, email or name) runs in the services (password-policy.ts). */
export const ZPassword = z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH);
