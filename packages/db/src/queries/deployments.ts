import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { deployments } from '../schema/index.js';

export type Deployment = typeof deployments.$inferSelect;

export async function createDeployment(db: Database, input: { name: string; modelVersionId: string; runId: string; createdById?: string | null }): Promise<Deployment> {
  const [row] = await db.insert(deployments).values(input).returning();
  return row;
}

export async function getDeployment(db: Database, name: string): Promise<Deployment | null> {
  const [row] = await db.select().from(deployments).where(eq(deployments.name, name));
  return row ?? null;
}

export async function listDeployments(db: Database): Promise<Deployment[]> {
  return db.select().from(deployments).orderBy(asc(deployments.name));
}

/** Points the deployment at another run (a hot swap in the serving processes). */
export async function updateDeploymentRun(db: Database, name: string, input: { runId: string; modelVersionId: string }): Promise<Deployment | null> {
  const [row] = await db.update(deployments).set({ ...input, updatedAt: sql`now()` }).where(eq(deployments.name, name)).returning();
  return row ?? null;
}

export async function deleteDeployment(db: Database, name: string): Promise<Deployment | null> {
  const [row] = await db.delete(deployments).where(eq(deployments.name, name)).returning();
  return row ?? null;
}

/** A deployment's traffic split and logging share; a run id of null (with percent 0) removes that part. */
export interface DeploymentTraffic {
  canaryRunId: string | null;
  canaryPercent: number;
  shadowRunId: string | null;
  shadowPercent: number;
  logPercent: number;
}

export async function updateDeploymentTraffic(db: Database, name: string, traffic: DeploymentTraffic): Promise<Deployment | null> {
  const [row] = await db.update(deployments).set({ ...traffic, updatedAt: sql`now()` }).where(eq(deployments.name, name)).returning();
  return row ?? null;
}
