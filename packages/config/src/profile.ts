import { z } from 'zod';
import { ZFeatureType } from './feature-types.js';

/** Token statistics of one text column (see `ZColumnProfile.text`). */
export const ZTextColumnProfile = z.object({
  /** Tokenizer and lowercasing used (Ludwig's text preprocessing defaults). */
  tokenizer: z.string(),
  lowercase: z.boolean(),
  /** Non-missing values the statistics cover. */
  rows: z.number().int(),
  meanTokens: z.number(),
  maxTokens: z.number().int(),
  /** Histogram of tokens per value: ≤ 20 equal-width bins, each holding lengths start..end (both included). */
  lengthHistogram: z.array(z.object({ start: z.number(), end: z.number(), count: z.number().int() })),
  /** Most frequent tokens, most frequent first (at most 20). */
  topTokens: z.array(z.object({ token: z.string(), count: z.number().int() })),
  /**
   * Token counts are exact when false. When the token dictionary hit its cap, rare tokens were
   * pruned while counting: each count may be low by at most `tokenCountError`.
   */
  tokenDictionaryCapped: z.boolean(),
  tokenCountError: z.number().int(),
  /** A few distinct values (each cut to 300 characters), in first-seen order. */
  examples: z.array(z.string()),
  /** Ludwig's default max_sequence_length (start and stop symbols included). */
  maxSequenceLength: z.number().int(),
  /** Values longer than maxSequenceLength − 2 tokens, which preprocessing would truncate. */
  truncatedRows: z.number().int(),
  truncatedRatio: z.number(),
});
export type TextColumnProfile = z.infer<typeof ZTextColumnProfile>;

/** What a sample of an image column's pictures looks like (see `ZColumnProfile.image`). */
export const ZImageColumnProfile = z.object({
  /** Non-missing cells looked at (the first ones, up to the sample size). */
  sampled: z.number().int(),
  /** Of those, cells that could not be read or decoded (a missing file, a corrupt picture). */
  unreadable: z.number().int(),
  /** Sizes seen, most common first (at most 10): what Ludwig's infer_image_dimensions picks from. */
  sizes: z.array(z.object({ width: z.number().int(), height: z.number().int(), count: z.number().int() })),
  /** Channels seen (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA), most common first. */
  channels: z.array(z.object({ channels: z.number().int(), count: z.number().int() })),
  /** Encodings seen (png, jpeg, webp, …), most common first. */
  formats: z.array(z.object({ format: z.string(), count: z.number().int() })),
  /** Thumbnails stored beside the profile (the first readable pictures), numbered from 0. */
  thumbnails: z.number().int(),
});
export type ImageColumnProfile = z.infer<typeof ZImageColumnProfile>;

/**
 * What profiling a dataset learns about each column. Produced by the trainer's pure-TS profiler
 * (`@overture/trainer/data`), stored by the platform, consumed by `autoConfig` here.
 */
export const ZColumnProfile = z.object({
  name: z.string(),
  /** Type chosen by Ludwig's AutoML inference rules. */
  inferredType: ZFeatureType,
  /** Why that type was chosen, in plain words (shown in the UI). */
  inferenceReason: z.string(),
  rowCount: z.number().int(),
  missingCount: z.number().int(),
  missingRatio: z.number(),
  distinctCount: z.number().int(),
  /** Most frequent non-missing values, most frequent first (at most 20). */
  topValues: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** Present when every non-missing value parses as a number. */
  numeric: z
    .object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() })
    .nullable(),
  /** Equal-width histogram of numeric values (≤ 20 bins), null for non-numeric columns. */
  histogram: z.array(z.object({ start: z.number(), end: z.number(), count: z.number().int() })).nullable(),
  /** Average whitespace-separated word count of non-missing values. */
  averageWords: z.number(),
  /** Unique per row and named like an id (`id`, `*_id`, `ID*`, first column `index`): excluded as an input. */
  idLike: z.boolean(),
  /**
   * Token statistics of a text column (inferred type `text`), as Ludwig's default text
   * preprocessing would tokenize it. Absent in profiles stored before it existed, and for other types.
   */
  text: ZTextColumnProfile.nullable().optional(),
  /** Sizes, channels and thumbnails of an image column's first pictures (the platform's profile job; absent elsewhere). */
  image: ZImageColumnProfile.nullable().optional(),
});
export type ColumnProfile = z.infer<typeof ZColumnProfile>;

export const ZDatasetProfile = z.object({
  rowCount: z.number().int(),
  /** Rows the statistics were computed from (all rows, or a sample of them). */
  sampledRows: z.number().int(),
  columns: z.array(ZColumnProfile),
});
export type DatasetProfile = z.infer<typeof ZDatasetProfile>;
