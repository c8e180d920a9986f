/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromScrape {
  samples: PromSample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  /** The sum of the samples named `name` whose labels include `labels` (0 when none). */
  value(name: string, labels?: Record<string, string>): number;
  has(name: string): boolean;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

/** Parses an exposition (strictly: a malformed line throws, so a broken endpoint fails its test). */
export function parsePrometheus(text: string): PromScrape {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type) types.set(type[1], type[2]);
      else if (!line.startsWith('# HELP ')) throw new Error(`not an exposition comment: ${line}`);
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`not an exposition sample: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    labelPair.lastIndex = 0;
    let consumed = 0;
    for (let pair = labelPair.exec(body); pair; pair = labelPair.exec(body)) {
      labels[pair[1]] = pair[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed = labelPair.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`malformed labels in: ${line}`);
    // Go's float syntax, as Prometheus reads it: NaN and Inf in any case (prom-client writes `Nan`).
    const raw = match[3].toLowerCase();
    const value = raw === '+inf' || raw === 'inf' ? Infinity : raw === '-inf' ? -Infinity : raw === 'nan' ? NaN : Number(match[3]);
    if (Number.isNaN(value) && raw !== 'nan') throw new Error(`malformed value in: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  const matches = (s: PromSample, name: string, labels: Record<string, string>) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v);
  return {
    samples, types,
    value: (name, labels = {}) => samples.filter((s) => matches(s, name, labels)).reduce((sum, s) => sum + s.value, 0),
    has: (name) => samples.some((s) => s.name === name),
  };
}
