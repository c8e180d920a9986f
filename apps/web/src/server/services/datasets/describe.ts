import type { Dataset, DatasetColumn } from '@overture/db';
import { targetProblem, ZImageColumnProfile, ZTextColumnProfile } from '@overture/config';
import { z } from 'zod';
import { storedProfile } from './profile';

export const ZDatasetStatus = z.enum(['uploading', 'profiling', 'ready', 'failed']);

export const ZColumnSummary = z.object({
  name: z.string(),
  inferredType: z.string(),
  missingRatio: z.number(),
  distinctCount: z.number().int(),
});

export const ZDatasetSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  status: ZDatasetStatus,
  source: z.enum(['upload', 'sql', 'url', 'sample']),
  format: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  rowCount: z.number().int().nullable(),
  error: z.string().nullable(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZDatasetLink = z.object({ id: z.uuid(), name: z.string(), status: ZDatasetStatus, createdAt: z.string() });

export const ZDatasetDetail = ZDatasetSummary.extend({
  columns: z.array(ZColumnSummary.extend({
    /** Why auto-config cannot predict this column (and what to do), null when it can. Every column is offered as a target. */
    targetProblem: z.string().nullable(),
  })),
  /** Source specifics (file name; SQL: type, host, port, database, query, rows, truncated, rowCap) — never credentials. */
  sourceDetails: z.record(z.string(), z.unknown()),
  /** The snapshot this one was refreshed from (SQL datasets), while it exists. */
  refreshedFrom: ZDatasetLink.nullable(),
  /** Newer snapshots refreshed from this one, newest first. */
  refreshes: z.array(ZDatasetLink),
});

export interface DatasetLineage {
  refreshedFrom: Pick<Dataset, 'id' | 'name' | 'status' | 'createdAt'> | null;
  refreshes: Pick<Dataset, 'id' | 'name' | 'status' | 'createdAt'>[];
}

export const ZColumnProfileOut = ZColumnSummary.extend({
  position: z.number().int(),
  inferenceReason: z.string().nullable(),
  /** The type inference chose, when a user overrode it. */
  inferredBy: z.string().nullable(),
  topValues: z.array(z.object({ value: z.string(), count: z.number() })),
  histogram: z.array(z.object({ start: z.number(), end: z.number(), count: z.number() })).nullable(),
  stats: z.record(z.string(), z.unknown()),
  /** Token statistics (columns profiled as text); null for other columns and profiles stored before they existed. */
  text: ZTextColumnProfile.nullable(),
  /** Sizes, channels and the number of thumbnails of an image column's first pictures; null for other columns and older profiles. */
  image: ZImageColumnProfile.nullable(),
});

export function datasetSummary(d: Dataset): z.input<typeof ZDatasetSummary> {
  return {
    id: d.id, name: d.name, status: d.status, source: d.source, format: d.format, sizeBytes: d.sizeBytes, rowCount: d.rowCount,
    error: d.error, ownerId: d.ownerId, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
  };
}

/** Only what is safe to show: a connection id is fine, an encrypted URL is not even that. */
function publicSourceDetails(details: Record<string, unknown>): Record<string, unknown> {
  const { encryptedUrl: _e, url: _u, password: _p, ...rest } = details;
  return rest;
}

const datasetLink = (d: DatasetLineage['refreshes'][number]) => ({ id: d.id, name: d.name, status: d.status, createdAt: d.createdAt.toISOString() });

export function datasetDetail(d: Dataset, columns: DatasetColumn[], lineage: DatasetLineage = { refreshedFrom: null, refreshes: [] }): z.input<typeof ZDatasetDetail> {
  return {
    ...datasetSummary(d),
    sourceDetails: publicSourceDetails(d.sourceDetails),
    columns: columnsWithTargetProblems(d, columns),
    refreshedFrom: lineage.refreshedFrom ? datasetLink(lineage.refreshedFrom) : null,
    refreshes: lineage.refreshes.map(datasetLink),
  };
}

function columnsWithTargetProblems(d: Dataset, columns: DatasetColumn[]) {
  const profiles = d.status === 'ready' ? storedProfile(d, columns).columns : [];
  return columns.map((c, i) => ({
    name: c.name, inferredType: c.inferredType, missingRatio: c.missingRatio, distinctCount: c.distinctCount,
    targetProblem: profiles[i] ? targetProblem(profiles[i]) ?? null : null,
  }));
}

export function columnProfile(c: DatasetColumn): z.input<typeof ZColumnProfileOut> {
  const { inferredBy, text, image, ...stats } = c.stats as Record<string, unknown> & { inferredBy?: string };
  return {
    text: ZTextColumnProfile.safeParse(text).data ?? null,
    image: ZImageColumnProfile.safeParse(image).data ?? null,
    position: c.position, name: c.name, inferredType: c.inferredType, inferenceReason: c.inferenceReason, inferredBy: inferredBy ?? null,
    missingRatio: c.missingRatio, distinctCount: c.distinctCount, topValues: c.topValues, histogram: c.histogram, stats,
  };
}
