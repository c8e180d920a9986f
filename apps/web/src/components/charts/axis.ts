// Pure axis arithmetic for the charts: recharts' own 'auto' ticks give values such as 33.48/38.98
// or steps 1/151/301/512, and its domains run far past the data. Nice numbers after Heckbert,
// "Nice numbers for graph labels", Graphics Gems (1990): steps of 1, 2, 2.5 or 5 times a power of ten.

/** Heckbert's rounding thresholds, with 2.5 added for quarter steps: [upper bound, nice fraction]. */
const niceFractions: [number, number][] = [[1.5, 1], [2.25, 2], [3.5, 2.5], [7, 5], [Infinity, 10]];

/** The step of the form {1, 2, 2.5, 5}·10ᵏ nearest to `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = niceFractions.find(([bound]) => fraction < bound)![1];
  return nice * power;
}

/** Drops binary noise (0.30000000000000004) from a multiple of `step`. */
function clean(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const rounded = Number(value.toFixed(Math.min(decimals, 20)));
  return Object.is(rounded, -0) ? 0 : rounded;
}

export interface NiceTicksOptions {
  /** About how many ticks to aim for (a nice step gives at most this many intervals). */
  count?: number;
  /** Steps are whole numbers (training steps, epochs, counts). */
  integer?: boolean;
}

/**
 * Nice tick values covering [min, max]: the first at or below min, the last at or above max, all
 * multiples of one nice step. A single value gets a tick of its own with neighbours around it.
 */
export function niceTicks(min: number, max: number, { count = 5, integer = false }: NiceTicksOptions = {}): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const spread = min === 0 ? 1 : Math.abs(min) * 0.1;
    if (integer) return [Math.floor(min) - 1, Math.floor(min), Math.floor(min) + 1].filter((v) => min >= 0 ? v >= 0 : true);
    return niceTicks(min - spread, max + spread, { count, integer });
  }
  let step = niceStep((max - min) / Math.max(1, count - 1));
  if (integer) step = step < 1 ? 1 : step === 2.5 ? 2 : step;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k += 1) ticks.push(clean(k * step, step));
  return ticks;
}

export interface FittedAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * A domain that fits the values: it widens to the enclosing nice ticks, except on a side the data
 * barely reaches (under `slack` of the span past zero, such as an importance of −0.003 beside
 * 0.2), which ends at the data itself instead of a whole step further. `includeZero` for bars.
 */
export function fitAxis(values: number[], { includeZero = false, slack = 0.05, ...options }: NiceTicksOptions & { includeZero?: boolean; slack?: number } = {}): FittedAxis {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { domain: [0, 1], ticks: niceTicks(0, 1, options) };
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (includeZero) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  const span = max - min;
  // A sliver on one side of zero does not deserve a tick of its own.
  const lowSliver = includeZero && min < 0 && max > 0 && -min < slack * span;
  const highSliver = includeZero && max > 0 && min < 0 && max < slack * span;
  const ticks = niceTicks(lowSliver ? 0 : min, highSliver ? 0 : max, options);
  const domain: [number, number] = [lowSliver ? min : Math.min(ticks[0] ?? min, min), highSliver ? max : Math.max(ticks.at(-1) ?? max, max)];
  return { domain, ticks: ticks.filter((t) => t >= domain[0] - 1e-12 && t <= domain[1] + 1e-12) };
}

/**
 * Ticks for an axis whose domain is the data's own range (steps 1…512): nice values inside it,
 * with the ends themselves when no nice tick sits near them.
 */
export function ticksWithin(min: number, max: number, options: NiceTicksOptions = {}): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const inside = niceTicks(min, max, options).filter((t) => t >= min && t <= max);
  const step = inside.length > 1 ? inside[1] - inside[0] : max - min;
  const ticks = [...inside];
  if (ticks.length === 0 || ticks[0] - min > step / 2) ticks.unshift(min);
  if (max - ticks.at(-1)! > step / 2) ticks.push(max);
  return ticks;
}

// Average advance widths in em of a sans-serif UI font (system-ui, Inter, Helvetica): close enough
// to size an axis so a label is not clipped, without a canvas to measure in.
const narrow = new Set("iljtfrI!.,:;'|()[] ");
const wide = new Set('mwMWOQGDHNU@%&');

/** The estimated rendered width in pixels of `text` at `fontSize`. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (narrow.has(ch)) em += 0.3;
    else if (wide.has(ch)) em += 0.85;
    else if (/[A-Z]/.test(ch)) em += 0.66;
    else if (/[0-9]/.test(ch)) em += 0.56;
    else if (ch.charCodeAt(0) > 0x2e80) em += 1; // CJK and other full-width scripts
    else em += 0.52;
  }
  return em * fontSize;
}

/**
 * The width an axis needs for its longest label (plus the tick and a gap), between `min` and
 * `max` pixels; labels longer than `max` are shortened with `truncateLabel`.
 */
export function labelWidth(labels: string[], fontSize: number, { min = 40, max = 260, padding = 14 }: { min?: number; max?: number; padding?: number } = {}): number {
  const longest = labels.reduce((w, label) => Math.max(w, textWidth(label, fontSize)), 0);
  return Math.round(Math.min(max, Math.max(min, longest + padding)));
}

/** `label` shortened with an ellipsis to fit `width` pixels at `fontSize`. */
export function truncateLabel(label: string, width: number, fontSize: number): string {
  if (textWidth(label, fontSize) <= width) return label;
  let out = '';
  for (const ch of label) {
    if (textWidth(`${out}${ch}…`, fontSize) > width) break;
    out += ch;
  }
  return `${out}…`;
}
