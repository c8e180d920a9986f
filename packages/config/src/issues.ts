import { z } from 'zod';
import type { ErrorDetail } from './errors.js';
import { featureTypes, outputOnlyTypes, trainableInputTypes, trainableOutputTypes } from './feature-types.js';
import { optimizerTypes } from './optimizers/index.js';
import { formatPath, valueAt, type PathSegment } from './path.js';
import type { ProblemList } from './problems.js';
import { isLudwigName, ludwigSectionKeys, notSupportedYet, type LudwigKind } from './ludwig-names.js';
import { didYouMean, nearest } from './suggest.js';
import { schedulerMoves } from './upgrade/trainer.js';

/**
 * Turns zod issues into plain-English `ErrorDetail`s: one per problem, with the config path, the
 * nearest valid key or value ("did you mean …?"), and the valid choices where there are few.
 */

type Issue = z.core.$ZodIssue;

/** Strips wrappers that do not change the shape (default, optional, nullable, pipes, …). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else {
      return s;
    }
  }
}

/** Picks the union member a raw value was meant for (by its `type`, else the first object member). */
function pickOption(schema: z.ZodUnion, raw: unknown): z.ZodType | undefined {
  const options = schema.options as z.ZodType[];
  // Hyperopt parameters are told apart by `space`, every other block by `type`.
  const key = raw !== null && typeof raw === 'object' && 'space' in raw && !('type' in raw) ? 'space' : 'type';
  const type = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  for (const option of options) {
    const o = unwrap(option);
    if (o instanceof z.ZodObject && type !== undefined) {
      const t = o.shape[key] ? unwrap(o.shape[key] as z.ZodType) : undefined;
      if (t instanceof z.ZodLiteral && t.values.has(type as never)) return o;
      if (t instanceof z.ZodEnum && (t.options as unknown[]).includes(type)) return o;
    }
  }
  return options.map(unwrap).find((o) => o instanceof z.ZodObject || o instanceof z.ZodArray);
}

/** The schema at a path of the raw config, following discriminators by the raw values. */
export function schemaAt(root: z.ZodType, rawRoot: unknown, path: readonly PathSegment[]): z.ZodType | undefined {
  let schema: z.ZodType | undefined = unwrap(root);
  for (let i = 0; i <= path.length && schema; i++) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodUnion) schema = pickOption(schema, valueAt(rawRoot, path.slice(0, i)));
    if (!schema) return undefined;
    schema = unwrap(schema);
    if (i === path.length) return schema;
    const segment = path[i];
    if (schema instanceof z.ZodObject) schema = schema.shape[segment as string] as z.ZodType | undefined;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodTuple) schema = (schema._zod.def.items as z.ZodType[])[segment as number];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return undefined;
  }
  return schema;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));
const list = (values: readonly unknown[]) => values.map(show).join(', ');

/** What kind of thing a `type` discriminator at this path selects, in words. */
function discriminatorSubject(path: readonly PathSegment[], rawRoot: unknown): { what: string; context?: string } {
  const parent = path[path.length - 2];
  if (path[path.length - 1] === 'space' && path[path.length - 3] === 'parameters') return { what: 'parameter space' };
  if (typeof parent === 'number') {
    const section = path[path.length - 3];
    if (section === 'augmentation') return { what: 'image augmentation' };
    return { what: section === 'output_features' ? 'output feature type' : 'input feature type' };
  }
  const featureType = path.length >= 4 ? valueAt(rawRoot, [...path.slice(0, 2), 'type']) : undefined;
  const context = typeof featureType === 'string' ? ` of ${featureType} features` : '';
  switch (parent) {
    case 'encoder':
    case 'decoder':
    case 'loss':
      return { what: parent, context };
    case 'optimizer':
      return { what: 'optimizer' };
    case 'split':
      return { what: 'split type' };
    case 'combiner':
      return { what: 'combiner' };
    case 'search_alg':
      return { what: 'search algorithm' };
    case 'scheduler':
      return { what: 'scheduler' };
    default:
      return { what: `${String(parent ?? 'value')} type` };
  }
}

const ludwigKinds = ['input feature type', 'output feature type', 'encoder', 'decoder', 'loss', 'combiner', 'optimizer', 'split type', 'search algorithm', 'scheduler', 'image augmentation'] as const;
function ludwigKind(what: string): LudwigKind | undefined {
  return (ludwigKinds as readonly string[]).includes(what) ? (what as LudwigKind) : undefined;
}

/** The raw type of the feature a path lies in (`input_features[3].encoder.type` → that feature's type). */
function featureTypeAt(path: readonly PathSegment[], rawRoot: unknown): string | undefined {
  if (path[0] !== 'input_features' && path[0] !== 'output_features') return undefined;
  const type = valueAt(rawRoot, [...path.slice(0, 2), 'type']);
  return typeof type === 'string' ? type : undefined;
}

/** The Ludwig kind of name expected at a path with a fixed set of values (a `type`, or the scheduler's `decay`). */
function valueKind(path: readonly PathSegment[], rawRoot: unknown): { kind: LudwigKind; context: string } | undefined {
  const last = path[path.length - 1];
  if (last === 'decay' && path[path.length - 2] === 'learning_rate_scheduler') return { kind: 'learning rate decay', context: '' };
  if (last !== 'type') return undefined;
  const { what, context = '' } = discriminatorSubject(path, rawRoot);
  const kind = ludwigKind(what);
  return kind ? { kind, context } : undefined;
}

function unionExpectation(issue: Extract<Issue, { code: 'invalid_union' }>): { text: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    if (first.code === 'invalid_value') {
      parts.push(list(first.values));
      values.push(...first.values.filter((v): v is string => typeof v === 'string'));
    } else if (first.code === 'invalid_type') {
      parts.push(first.expected === 'object' ? 'an object' : first.expected === 'array' ? 'a list' : `a ${first.expected}`);
    } else if (first.path.length === 0) {
      parts.push(first.message);
    }
  }
  return { text: [...new Set(parts)].join(' or '), values };
}

/**
 * Keys that moved to another place in a section (Ludwig's upgrades), by section: a misspelt legacy key
 * (`trainer.decay_stpes`) is pointed at the new place (`learning_rate_scheduler.decay_steps`), not at
 * the nearest key that happens to be spelt alike (`eval_steps`).
 */
const movedKeys: Record<string, Record<string, string>> = {
  trainer: {
    ...Object.fromEntries(Object.entries(schedulerMoves).map(([old, next]) => [old, `learning_rate_scheduler.${next}`])),
    increase_batch_size_on_plateau_max: 'max_batch_size',
  },
  preprocessing: { split_probabilities: 'split.probabilities', force_split: 'split.type', stratify: 'split.column' },
  combiner: { fc_size: 'output_size' },
};

function suggestKey(key: string, keys: readonly string[], section: string): string | undefined {
  const moved = movedKeys[section];
  const match = nearest(key, moved ? [...keys, ...Object.keys(moved)] : keys);
  if (match === undefined) return undefined;
  return `did you mean '${moved && Object.hasOwn(moved, match) && !keys.includes(match) ? moved[match] : match}'?`;
}

/** Adds the problems of one zod issue; an issue naming many unknown keys adds one problem per key. */
function addIssue(problems: ProblemList, issue: Issue, root: z.ZodType, rawRoot: unknown, prefix: readonly PathSegment[]): void {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  if (issue.code === 'invalid_union' && issue.discriminator === undefined) {
    // A value of the right shape for one branch only (a list where `true | [ops]` is taken) is
    // answered with that branch's own problems, not with "expected a boolean".
    const fitting = issue.errors.filter((branch) => branch.length > 0 && !(branch[0].code === 'invalid_type' && branch[0].path.length === 0));
    if (fitting.length === 1) {
      for (const inner of fitting[0]) addIssue(problems, inner as Issue, root, rawRoot, path);
      return;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    // Only the reported keys get a did-you-mean (and the schema lookup is done once, and only if needed).
    let keys: string[] | undefined;
    const where = formatPath(path);
    const section = where === '' ? 'the config' : where;
    problems.addMany(issue.keys.length, (i) => {
      if (keys === undefined) {
        const schema = schemaAt(root, valueAt(rawRoot, prefix), issue.path as PathSegment[]);
        keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
      }
      const key = issue.keys[i];
      const ludwig = ludwigSectionKeys[where];
      if (ludwig?.keys.includes(key)) return { path: formatPath([...path, key]), message: notSupportedYet(key, ludwig.kind) };
      return clean({ path: formatPath([...path, key]), message: `unknown key '${key}' in ${section}`, suggestion: suggestKey(key, keys, where) });
    });
    return;
  }
  problems.add(() => clean(issueToDetail(issue, path, root, rawRoot)));
}

function issueToDetail(issue: Exclude<Issue, { code: 'unrecognized_keys' }>, path: PathSegment[], root: z.ZodType, rawRoot: unknown): ErrorDetail {
  const localPath = issue.path as PathSegment[];
  const where = formatPath(path);
  const raw = valueAt(rawRoot, path);

  switch (issue.code) {
    case 'invalid_union': {
      if ('options' in issue && issue.discriminator !== undefined) {
        const options = (issue.options ?? []) as unknown[];
        const { what, context = '' } = discriminatorSubject(path, rawRoot);
        // Ludwig optimizer names refused as "not supported yet" parse by name: never list them as valid.
        const strings = options.filter((o): o is string => typeof o === 'string' && (what !== 'optimizer' || (optimizerTypes as readonly string[]).includes(o)));
        if (raw === undefined) {
          return { path: where, message: `missing '${String(localPath[localPath.length - 1])}': the ${what}${context} must be one of ${list(strings)}` };
        }
        let message = `'${String(raw)}' is not a valid ${what}${context}; valid: ${list(strings)}`;
        if (what === 'output feature type' && (featureTypes as readonly unknown[]).includes(raw)) {
          message = `${String(raw)} features cannot be output features; output types: ${list(trainableOutputTypes)}`;
        } else if (what === 'input feature type' && (outputOnlyTypes as readonly unknown[]).includes(raw)) {
          // Ludwig registers no input feature for these types (only an output and its defaults).
          message = `${String(raw)} features cannot be input features (Ludwig has them as outputs only); input types: ${list(trainableInputTypes)}`;
        } else if (typeof raw === 'string' && ludwigKind(what) && isLudwigName(ludwigKind(what)!, raw, featureTypeAt(path, rawRoot))) {
          return { path: where, message: notSupportedYet(raw, ludwigKind(what)!, context) };
        }
        return { path: where, message, suggestion: typeof raw === 'string' ? didYouMean(raw, strings) : undefined };
      }
      const { text, values } = unionExpectation(issue);
      return {
        path: where,
        message: text ? `expected ${text}, got ${describeValue(raw)}` : issue.message,
        suggestion: typeof raw === 'string' ? didYouMean(raw, values) : undefined,
      };
    }
    case 'invalid_value': {
      const strings = issue.values.filter((v): v is string => typeof v === 'string');
      const kind = valueKind(path, rawRoot);
      if (typeof raw === 'string' && kind && isLudwigName(kind.kind, raw, featureTypeAt(path, rawRoot))) {
        return { path: where, message: notSupportedYet(raw, kind.kind, kind.context) };
      }
      return {
        path: where,
        message: raw === undefined ? `missing value; expected ${list(issue.values)}` : `${describeValue(raw)} is not valid here; expected one of ${list(issue.values)}`,
        suggestion: typeof raw === 'string' ? didYouMean(raw, strings) : undefined,
      };
    }
    case 'invalid_type': {
      if (raw === undefined) {
        return { path: where, message: `missing required key '${String(localPath[localPath.length - 1] ?? '')}'` };
      }
      const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`;
      return { path: where, message: `expected ${expected}, got ${describeValue(raw)}` };
    }
    case 'too_small':
    case 'too_big': {
      return { path: where, message: issue.message.replace(/^Too (small|big): /, '') };
    }
    default:
      return { path: where, message: issue.message };
  }
}

/** Adds the problems of zod's issues to `problems` (paths under `prefix`, for a block checked on its own). */
export function addIssues(problems: ProblemList, issues: readonly Issue[], root: z.ZodType, rawRoot: unknown, prefix: readonly PathSegment[] = []): void {
  for (const issue of issues) addIssue(problems, issue, root, rawRoot, prefix);
}

function clean(detail: ErrorDetail): ErrorDetail {
  const out: ErrorDetail = { path: detail.path, message: detail.message };
  if (detail.suggestion) out.suggestion = detail.suggestion;
  return out;
}
