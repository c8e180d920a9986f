import type { ResolvedConfig } from '@overture/config';
import { encodedArray, type ActivatedOutput, type ModelInputValues, type TrainingSetMetadata } from '@overture/trainer/preprocessing/browser';

/**
 * Saliency maps of image inputs by occlusion (Zeiler & Fergus, 2014): the picture, as the model
 * reads it (resized, uint8 height × width × channels), is cut in a grid of at most
 * `SALIENCY_GRID` × `SALIENCY_GRID` patches; each patch in turn is set to what the model sees for a
 * missing picture, every such variant of a request goes through ORT in one extra batch, and a
 * patch's attribution is score(actual) − score(patch occluded), with the scores of explain.ts (the
 * predicted class's probability, the predicted value, …). Positive: that part of the picture pushed
 * the model towards its prediction.
 */

/** Patches per side at most (fewer when the picture is smaller). */
export const SALIENCY_GRID = 6;
/** Occluded rows per request at most; rows past it get no map (a request of many pictures stays one bounded batch). */
export const MAX_IMAGE_OCCLUSION_ROWS = 2048;

export interface ImageSaliency {
  /** Patches down and across. */
  rows: number;
  cols: number;
  /** Row-major `rows × cols`: score(actual) − score(that patch occluded). */
  attributions: number[];
}

/** Where a feature sits in the model's inputs (see Occlusion's slots). */
export interface InputSlot {
  name: string;
  input: number;
  offset: number;
  width: number;
}

interface ImageInput {
  name: string;
  slot: InputSlot;
  height: number;
  width: number;
  channels: number;
  rows: number;
  cols: number;
}

interface CellPlan {
  row: number;
  image: ImageInput;
  /** Row of its first variant in the occluded batch. */
  first: number;
}

export interface ImageOcclusionPlan {
  inputs: ModelInputValues[];
  rows: number;
  cells: CellPlan[];
}

type Scorer = (actual: ActivatedOutput, i: number) => { score: (o: ActivatedOutput, r: number) => number };

export class ImageOcclusion {
  private readonly images: ImageInput[] = [];

  constructor(config: Pick<ResolvedConfig, 'input_features'>, metadata: TrainingSetMetadata, slots: readonly InputSlot[], private readonly baseline: readonly ModelInputValues[]) {
    for (const f of config.input_features) {
      const meta = metadata[f.name];
      const slot = slots.find((s) => s.name === f.name);
      if (f.type !== 'image' || meta?.type !== 'image' || !slot) continue;
      this.images.push({
        name: f.name, slot, height: meta.height, width: meta.width, channels: meta.num_channels,
        rows: Math.min(SALIENCY_GRID, meta.height), cols: Math.min(SALIENCY_GRID, meta.width),
      });
    }
  }

  /** The occluded batch for the rows not in `skip`, or null when the model has no image input. */
  plan(inputs: ModelInputValues[], rows: number, skip: Set<number>): ImageOcclusionPlan | null {
    if (this.images.length === 0) return null;
    const cells: CellPlan[] = [];
    let total = 0;
    for (let row = 0; row < rows; row++) {
      if (skip.has(row)) continue;
      for (const image of this.images) {
        const variants = image.rows * image.cols;
        if (total + variants > MAX_IMAGE_OCCLUSION_ROWS) break;
        cells.push({ row, image, first: total });
        total += variants;
      }
    }
    if (cells.length === 0) return null;
    const out = inputs.map((input) => ({ ...input, values: encodedArray(input.dtype, total * input.width) }));
    for (const { row, image, first } of cells) {
      for (let v = 0; v < image.rows * image.cols; v++) {
        out.forEach((o, k) => o.values.set(inputs[k].values.subarray(row * inputs[k].width, (row + 1) * inputs[k].width), (first + v) * o.width));
        this.occlude(out[image.slot.input], first + v, image, Math.floor(v / image.cols), v % image.cols);
      }
    }
    return { inputs: out, rows: total, cells };
  }

  /** Sets patch (py, px) of `image` in variant row `r` to the missing picture's pixels. */
  private occlude(input: ModelInputValues, r: number, image: ImageInput, py: number, px: number): void {
    const base = this.baseline[image.slot.input].values;
    const [y0, y1] = [Math.floor((py * image.height) / image.rows), Math.floor(((py + 1) * image.height) / image.rows)];
    const [x0, x1] = [Math.floor((px * image.width) / image.cols), Math.floor(((px + 1) * image.width) / image.cols)];
    const rowStart = r * input.width + image.slot.offset;
    for (let y = y0; y < y1; y++) {
      const from = (y * image.width + x0) * image.channels;
      const to = (y * image.width + x1) * image.channels;
      input.values.set(base.subarray(image.slot.offset + from, image.slot.offset + to), rowStart + from);
    }
  }

  /** Per row, per output, per image input: its saliency map. */
  attributions(plan: ImageOcclusionPlan, actual: Record<string, ActivatedOutput>, occluded: Record<string, ActivatedOutput>, scorer: Scorer): Map<number, Record<string, Record<string, ImageSaliency>>> {
    const maps = new Map<number, Record<string, Record<string, ImageSaliency>>>();
    for (const { row, image, first } of plan.cells) {
      const perOutput = maps.get(row) ?? {};
      for (const [name, output] of Object.entries(actual)) {
        const { score } = scorer(output, row);
        const attributions = Array.from({ length: image.rows * image.cols }, (_, v) => {
          const value = score(occluded[name], first + v);
          return Number.isFinite(value) ? value : 0;
        });
        (perOutput[name] ??= {})[image.name] = { rows: image.rows, cols: image.cols, attributions };
      }
      maps.set(row, perOutput);
    }
    return maps;
  }
}
