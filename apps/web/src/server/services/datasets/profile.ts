import type { ColumnProfile, DatasetProfile } from '@overture/config';
import { ZFeatureType, ZTextColumnProfile } from '@overture/config';
import type { Dataset, DatasetColumn } from '@overture/db';

/** The stored profile rebuilt as @overture/config's DatasetProfile (the input of autoConfig). */
export function storedProfile(dataset: Dataset, columns: DatasetColumn[]): DatasetProfile {
  const rowCount = dataset.rowCount ?? 0;
  return {
    rowCount,
    sampledRows: rowCount,
    columns: columns.map((c): ColumnProfile => {
      const stats = c.stats as Partial<ColumnProfile>;
      return {
        name: c.name,
        inferredType: ZFeatureType.parse(c.inferredType),
        inferenceReason: c.inferenceReason ?? '',
        rowCount: stats.rowCount ?? rowCount,
        missingCount: stats.missingCount ?? Math.round(c.missingRatio * rowCount),
        missingRatio: c.missingRatio,
        distinctCount: c.distinctCount,
        topValues: c.topValues,
        numeric: stats.numeric ?? null,
        histogram: c.histogram ?? null,
        averageWords: stats.averageWords ?? 0,
        idLike: stats.idLike ?? false,
        text: ZTextColumnProfile.safeParse(stats.text).data ?? null,
      };
    }),
  };
}
