import { promises as fs } from 'node:fs';
import { OvertureError } from '@overture/config';
import type { PretrainedModelFiles } from './models-root.js';

// A frozen pretrained text encoder: the model's own tokenizer (tokenizer.json, @huggingface/tokenizers,
// pure JS) and its ONNX export on onnxruntime-node. Imported only by the asynchronous decode step
// (media/decode-inputs.ts), never by the synchronous preprocessing or a browser bundle.

type Ort = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;
type HfTokenizer = import('@huggingface/tokenizers').Tokenizer;

/** How the token states of one text become one vector (Ludwig's reduce_output, after its slicing). */
export interface EmbeddingPlan {
  reduceOutput: 'cls_pooled' | 'sum' | 'mean' | 'avg' | 'max' | 'last';
  /** Special tokens Ludwig slices off the start and the end of the real tokens before reducing. */
  skip: { first: number; last: number };
  /** cls_pooled: the graph's pooler_output (else the first token's state), or the first token's state. */
  clsPooled: 'pooler' | 'cls' | null;
  /** Longest token sequence fed to the model, special tokens included. */
  maxSequenceLength: number;
}

/** Rows per onnxruntime run: padded to the longest text of the batch. */
const BATCH_ROWS = 32;

/** config.json's width of the encoder's states, under the names Hugging Face's configs use. */
export function hiddenSizeOf(config: Record<string, unknown>): number | null {
  for (const key of ['hidden_size', 'd_model', 'n_embd', 'dim']) {
    const v = config[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return null;
}

async function readJson(file: string, what: string, name: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new OvertureError('invalid_input', `Pretrained model '${name}': ${file} (${what}) cannot be read: ${(error as Error).message}.`);
  }
}

export class PretrainedTextEmbedder {
  private constructor(
    private readonly ort: Ort,
    private readonly session: Session,
    private readonly tokenizer: HfTokenizer,
    readonly name: string,
    readonly files: PretrainedModelFiles,
    /** config.json's hidden size: the width of every embedding. */
    readonly hiddenSize: number,
    /** Ids the tokenizer adds before and after a text's own (e.g. [CLS] … [SEP]). */
    private readonly prefix: number[],
    private readonly suffix: number[],
    private readonly padId: number,
  ) {}

  static async load(files: PretrainedModelFiles, name: string): Promise<PretrainedTextEmbedder> {
    const config = await readJson(files.config, 'config.json', name);
    const hiddenSize = hiddenSizeOf(config);
    if (hiddenSize === null) {
      throw new OvertureError('invalid_input', `Pretrained model '${name}': ${files.config} has no hidden_size (nor d_model, n_embd or dim), so the width of its embeddings is unknown.`);
    }
    const tokenizerJson = await readJson(files.tokenizer, 'tokenizer.json', name);
    const tokenizerConfig = files.tokenizerConfig ? await readJson(files.tokenizerConfig, 'tokenizer_config.json', name) : {};
    const { Tokenizer } = await import('@huggingface/tokenizers');
    let tokenizer: HfTokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      throw new OvertureError('invalid_input', `Pretrained model '${name}': ${files.tokenizer} is not a tokenizer @huggingface/tokenizers can load: ${(error as Error).message}.`);
    }
    const ort = await import('onnxruntime-node');
    let session: Session;
    try {
      session = await ort.InferenceSession.create(files.onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
    } catch (error) {
      throw new OvertureError('invalid_input', `Pretrained model '${name}': onnxruntime cannot load ${files.onnx}: ${(error as Error).message}.`);
    }
    for (const input of ['input_ids', 'attention_mask']) {
      if (!session.inputNames.includes(input)) {
        throw new OvertureError('invalid_input', `Pretrained model '${name}': ${files.onnx} has no '${input}' input (it has ${session.inputNames.join(', ')}); export it with optimum's feature-extraction task.`);
      }
    }
    if (!session.outputNames.includes('last_hidden_state')) {
      throw new OvertureError('invalid_input', `Pretrained model '${name}': ${files.onnx} has no 'last_hidden_state' output (it has ${session.outputNames.join(', ')}); export it with optimum's feature-extraction task.`);
    }
    // The special tokens the post-processor wraps a text in, found by encoding one word both ways.
    const bare: number[] = tokenizer.encode('a', { add_special_tokens: false }).ids;
    const full: number[] = tokenizer.encode('a').ids;
    const at = full.findIndex((_: number, i: number) => bare.every((id: number, j: number) => full[i + j] === id));
    const prefix = at < 0 ? [] : full.slice(0, at);
    const suffix = at < 0 ? [] : full.slice(at + bare.length);
    const padding = (tokenizerJson.padding as { pad_id?: unknown } | null | undefined)?.pad_id;
    const padId = typeof padding === 'number' ? padding : (['[PAD]', '<pad>', '<PAD>'].map((t) => tokenizer.token_to_id(t)).find((id) => id !== undefined) ?? 0);
    return new PretrainedTextEmbedder(ort, session, tokenizer, name, files, hiddenSize, prefix, suffix, padId);
  }

  /** The token ids of one text, its own tokens cut so that the special tokens still fit. */
  tokenize(text: string, maxLength: number): number[] {
    const room = Math.max(0, maxLength - this.prefix.length - this.suffix.length);
    const own = this.tokenizer.encode(text, { add_special_tokens: false }).ids.slice(0, room);
    return [...this.prefix, ...own, ...this.suffix];
  }

  /** One vector of hiddenSize per text, row-major. */
  async embed(texts: readonly string[], plan: EmbeddingPlan): Promise<Float32Array> {
    const h = this.hiddenSize;
    const out = new Float32Array(texts.length * h);
    for (let start = 0; start < texts.length; start += BATCH_ROWS) {
      const batch = texts.slice(start, start + BATCH_ROWS);
      const ids = batch.map((t) => this.tokenize(t, plan.maxSequenceLength));
      const steps = Math.max(1, ...ids.map((row) => row.length));
      const b = batch.length;
      const inputIds = new BigInt64Array(b * steps).fill(BigInt(this.padId));
      const mask = new BigInt64Array(b * steps);
      ids.forEach((row, r) => row.forEach((id, t) => {
        inputIds[r * steps + t] = BigInt(id);
        mask[r * steps + t] = 1n;
      }));
      const feeds: Record<string, import('onnxruntime-node').Tensor> = {
        input_ids: new this.ort.Tensor('int64', inputIds, [b, steps]),
        attention_mask: new this.ort.Tensor('int64', mask, [b, steps]),
      };
      if (this.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new this.ort.Tensor('int64', new BigInt64Array(b * steps), [b, steps]);
      const wantPooler = plan.reduceOutput === 'cls_pooled' && plan.clsPooled === 'pooler' && this.session.outputNames.includes('pooler_output');
      const result = await this.session.run(feeds);
      const states = result.last_hidden_state;
      const width = states.dims[2];
      if (states.dims.length !== 3 || width !== h) {
        throw new OvertureError('invalid_input', `Pretrained model '${this.name}': ${this.files.onnx} answers last_hidden_state of shape [${states.dims.join(', ')}], but ${this.files.config} says hidden_size ${h}; the folder mixes two models.`);
      }
      const data = states.data as Float32Array;
      const pooled = wantPooler ? (result.pooler_output.data as Float32Array) : null;
      for (let r = 0; r < b; r++) {
        const dst = (start + r) * h;
        if (pooled) {
          out.set(pooled.subarray(r * h, (r + 1) * h), dst);
          continue;
        }
        const base = r * steps * h;
        if (plan.reduceOutput === 'cls_pooled') {
          out.set(data.subarray(base, base + h), dst);
          continue;
        }
        reduceSteps(data, base, h, plan.skip.first, ids[r].length - plan.skip.last, plan.reduceOutput, out, dst);
      }
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Ludwig's reducers over the real tokens in [from, to) (its `[:, 1:-1]` slice, without the
 * padding, which our reducers leave out everywhere); no token left gives zeros.
 */
function reduceSteps(data: Float32Array, base: number, h: number, from: number, to: number, mode: EmbeddingPlan['reduceOutput'], out: Float32Array, dst: number): void {
  if (to <= from) return;
  if (mode === 'last') {
    out.set(data.subarray(base + (to - 1) * h, base + to * h), dst);
    return;
  }
  if (mode === 'max') out.fill(-Infinity, dst, dst + h);
  for (let t = from; t < to; t++) {
    const row = base + t * h;
    for (let j = 0; j < h; j++) {
      const v = data[row + j];
      if (mode === 'max') out[dst + j] = Math.max(out[dst + j], v);
      else out[dst + j] += v;
    }
  }
  if (mode === 'mean' || mode === 'avg') for (let j = 0; j < h; j++) out[dst + j] /= to - from;
}
