import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { Providers } from '@/components/layout/providers';
import { logoutAction } from '@/server/auth/form-actions';
import { currentUser } from '@/server/auth/page-session';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';

/**
 * The signed-in area. The session is checked here, not in a middleware (a middleware would buffer
 * and truncate upload bodies: DESIGN "Known traps").
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const app = getContext();
  await app.ready;
  if (await needsSetup(app.db)) redirect('/setup');
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <Providers>
      <AppShell user={{ id: user.id, email: user.email, name: user.name, role: user.role }} signOut={logoutAction}>{children}</AppShell>
    </Providers>
  );
}
