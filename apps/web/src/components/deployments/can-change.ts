'use client';
import { useSession } from '@/client/session';
import type { DeploymentDetail } from '@/client/types';

/** As the API decides: whoever created the deployment, or an admin, may change what it serves. */
export function useCanChangeDeployment(deployment: Pick<DeploymentDetail, 'createdById'>): { canChange: boolean; role: string; isOtherMember: boolean } {
  const { id: userId, role } = useSession();
  const canChange = role === 'admin' || (role === 'member' && deployment.createdById === userId);
  return { canChange, role, isOtherMember: role === 'member' && !canChange };
}
