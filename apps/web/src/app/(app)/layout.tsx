import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentUser } from '@/server/auth/page-session';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';

/**
 * The signed-in area. The session is checked here, not in a middleware (a middleware would buffer
 * and truncate upload bodies: DESIGN "Known traps"). The UI engineer owns the shell inside.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const app = getContext();
  await app.ready;
  if (await needsSetup(app.db)) redirect('/setup');
  if (!(await currentUser())) redirect('/login');
  return <>{children}</>;
}
