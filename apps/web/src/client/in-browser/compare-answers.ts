/** Largest difference between two probabilities or numbers that still counts as the same answer (float32 runtimes on different CPUs). */
export const ANSWER_TOLERANCE = 1e-5;

/** Where two prediction answers differ, as plain-English lines (empty: they match). */
export function answerDifferences(server: unknown, browser: unknown, tolerance = ANSWER_TOLERANCE): string[] {
  const differences: string[] = [];
  const walk = (a: unknown, b: unknown, where: string) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (!(Math.abs(a - b) <= tolerance)) differences.push(`${where}: the server says ${a}, the browser ${b}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) differences.push(`${where}: the server lists ${a.length} items, the browser ${b.length}`);
      else a.forEach((item, i) => walk(item, b[i], `${where}[${i}]`));
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
        const path = where ? `${where}.${key}` : key;
        if (!Object.hasOwn(rb, key)) differences.push(`${path}: only the server has it`);
        else if (!Object.hasOwn(ra, key)) differences.push(`${path}: only the browser has it`);
        else walk(ra[key], rb[key], path);
      }
      return;
    }
    if (a !== b) differences.push(`${where}: the server says ${JSON.stringify(a)}, the browser ${JSON.stringify(b)}`);
  };
  walk(server, browser, '');
  return differences;
}
