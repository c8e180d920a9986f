import type { Deployment } from '@overture/db';

/** Which of a deployment's versions a request goes to. */
export type Role = 'primary' | 'canary' | 'shadow';

/** What a deployment serves: the primary run, and the runs its traffic split sends shares to. */
export interface Routes {
  deploymentId: string;
  primary: string;
  canary: { runId: string; percent: number } | null;
  shadow: { runId: string; percent: number } | null;
  /** Share of requests logged (0–100). */
  logPercent: number;
}

export function routesOf(deployment: Deployment): Routes {
  return {
    deploymentId: deployment.id,
    primary: deployment.runId,
    canary: deployment.canaryRunId && deployment.canaryPercent > 0 ? { runId: deployment.canaryRunId, percent: deployment.canaryPercent } : null,
    shadow: deployment.shadowRunId && deployment.shadowPercent > 0 ? { runId: deployment.shadowRunId, percent: deployment.shadowPercent } : null,
    logPercent: deployment.logPercent,
  };
}

/**
 * One string naming everything a process must serve for a deployment: what replicas report and the
 * web waits for after a change. Without a split it is the run id alone (what replicas reported before
 * splits existed). The log share is left out: it loads nothing.
 */
export function routesSignature(routes: Pick<Routes, 'primary' | 'canary' | 'shadow'>): string {
  let signature = routes.primary;
  if (routes.canary) signature += `+canary:${routes.canary.runId}:${routes.canary.percent}`;
  if (routes.shadow) signature += `+shadow:${routes.shadow.runId}:${routes.shadow.percent}`;
  return signature;
}

/**
 * The engine's name for a deployment's version: `<name>` for the primary, `<name>@canary` and
 * `<name>@shadow` for the split's (`@` is not allowed in deployment names, so these never collide).
 */
export function engineKey(name: string, role: Role): string {
  return role === 'primary' ? name : `${name}@${role}`;
}

/** The runs a deployment's routes load, by role. */
export function routedRuns(routes: Routes): [Role, string][] {
  const runs: [Role, string][] = [['primary', routes.primary]];
  if (routes.canary) runs.push(['canary', routes.canary.runId]);
  if (routes.shadow) runs.push(['shadow', routes.shadow.runId]);
  return runs;
}

/** Picks the answering version: the canary with its percent's chance (`draw` uniform in [0, 1)). */
export function answeringRole(routes: Routes, draw: number): 'primary' | 'canary' {
  return routes.canary && draw * 100 < routes.canary.percent ? 'canary' : 'primary';
}
