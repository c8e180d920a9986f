export interface ConfigChange {
  /** `trainer.epochs`, `input_features[1].encoder.type` */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every leaf that differs between two configs. Feature lists are matched by feature name, not
 * position, so inserting a feature shows as one addition rather than a cascade of changes.
 */
export function diffConfigs(before: unknown, after: unknown, path = ''): ConfigChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => {
      const child = path ? `${path}.${k}` : k;
      if (!(k in after)) return [{ path: child, kind: 'removed' as const, before: before[k] }];
      if (!(k in before)) return [{ path: child, kind: 'added' as const, after: after[k] }];
      return diffConfigs(before[k], after[k], child);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = (list: unknown[]) => list.every((x) => isObject(x) && typeof x.name === 'string');
    if (named(before) && named(after)) {
      const b = new Map(before.map((x) => [(x as { name: string }).name, x]));
      const a = new Map(after.map((x) => [(x as { name: string }).name, x]));
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap((n) => {
        const child = `${path}[${n}]`;
        if (!a.has(n)) return [{ path: child, kind: 'removed' as const, before: b.get(n) }];
        if (!b.has(n)) return [{ path: child, kind: 'added' as const, after: a.get(n) }];
        return diffConfigs(b.get(n), a.get(n), child);
      });
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    return [{ path, kind: 'changed', before, after }];
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, kind: 'changed', before, after }];
}
