import type { ErrorDetail } from '../errors.js';
import { isPlainObject } from '../defaults.js';

export type Obj = Record<string, unknown>;

/** A key moved by an upgrade rule: what the user wrote at `from` now lives at `to`. */
export interface PathMove {
  from: string;
  to: string;
}

/** Structural equality of parsed YAML values (scalars, lists, mappings). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

const show = (value: unknown) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

/**
 * What the upgrade rules share: the warnings (each names the old and the new spelling), the moves
 * (so a problem found in the upgraded config points at what the user wrote) and the conflicts (a
 * legacy key whose new place already holds a different value: the user must choose).
 */
export class UpgradeContext {
  readonly warnings: ErrorDetail[] = [];
  readonly moves: PathMove[] = [];
  readonly conflicts: ErrorDetail[] = [];

  /** Warns at the path the user wrote (a key an earlier rule moved is named where it was written). */
  warn(path: string, message: string): void {
    this.warnings.push({ path: this.written(path), message });
  }

  /** Where the user wrote what is now at `path`. */
  written(path: string): string {
    return writtenPath(this.moves, path);
  }

  /** Records that `from` now lives at `to` (for line/column of later problems). */
  moved(from: string, to: string): void {
    if (from !== to) this.moves.push({ from, to });
  }

  conflict(path: string, newPath: string, oldValue: unknown, newValue: unknown): void {
    const oldPath = this.written(path);
    this.conflicts.push({
      path: oldPath,
      message: `${oldPath} (${show(oldValue)}) is the legacy spelling of ${newPath}, which is already set to ${show(newValue)}; remove ${oldPath} or make them agree`,
    });
  }

  /**
   * Moves `source[oldKey]` to `target[newKey]` (paths `oldPath`, `newPath`), with the warning
   * `message` (none when empty: the caller warns once for a whole section). When the new place already holds the same value the legacy key is dropped; a different
   * value is a conflict. `convert` maps the legacy value to its new form.
   */
  moveKey(
    source: Obj, oldKey: string, oldPath: string,
    target: Obj, newKey: string, newPath: string,
    message: string, convert: (value: unknown) => unknown = (v) => v,
  ): void {
    if (!(oldKey in source)) return;
    const value = convert(source[oldKey]);
    delete source[oldKey];
    if (newKey in target && !sameValue(target[newKey], value)) {
      this.conflict(oldPath, newPath, value, target[newKey]);
      return;
    }
    target[newKey] = value;
    if (message !== '') this.warn(oldPath, message);
    this.moved(oldPath, newPath);
  }

  /** Drops a key Ludwig no longer reads, with the warning `why`. */
  drop(block: Obj, key: string, path: string, why: string): void {
    if (!(key in block)) return;
    delete block[key];
    this.warn(path, why);
  }
}

/** The block at `parent[key]`, created as `{}` when missing; null when something else is there. */
export function blockAt(parent: Obj, key: string): Obj | null {
  if (parent[key] === undefined || parent[key] === null) parent[key] = {};
  const block = parent[key];
  return isPlainObject(block) ? block : null;
}

/**
 * Maps a path of the upgraded config back to where the user wrote it, undoing the moves from last to
 * first (a key may have moved twice: `training.decay` → `trainer.decay` → `trainer.learning_rate_scheduler.decay`).
 */
export function writtenPath(moves: readonly PathMove[], path: string): string {
  let out = path;
  for (let i = moves.length - 1; i >= 0; i--) {
    const { from, to } = moves[i];
    if (out === to) out = from;
    else if (out.startsWith(to) && (out[to.length] === '.' || out[to.length] === '[')) out = from + out.slice(to.length);
  }
  return out;
}
