import { OvertureError } from '@overture/config';

/** Outputs ordered so each comes after the outputs it depends on (Kahn's algorithm); cycles are errors. */
export function orderOutputsByDependencies<T extends { name: string; dependencies: string[] }>(outputs: T[]): T[] {
  const byName = new Map(outputs.map((o) => [o.name, o]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (o: T, path: string[]) => {
    const s = state.get(o.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new OvertureError('invalid_config', `output dependencies form a cycle: ${[...path, o.name].join(' -> ')}`);
    state.set(o.name, 'visiting');
    for (const d of o.dependencies) {
      const dep = byName.get(d);
      if (!dep) throw new OvertureError('invalid_config', `output '${o.name}' depends on '${d}', which is not an output feature`);
      visit(dep, [...path, o.name]);
    }
    state.set(o.name, 'done');
    ordered.push(o);
  };
  for (const o of outputs) visit(o, []);
  return ordered;
}
