'use client';
import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from './types';

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in user; `canEdit` is false for viewers (the API would answer 403). */
export function useSession(): SessionUser & { canEdit: boolean } {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSession outside the signed-in layout');
  return { ...user, canEdit: user.role !== 'viewer' };
}
