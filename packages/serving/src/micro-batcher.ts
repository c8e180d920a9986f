import type { ModelInputValues } from '@overture/trainer/preprocessing';
import type { RunOutputs } from './ort-model.js';
import { encodedArray } from '@overture/trainer/preprocessing';

export interface MicroBatchOptions {
  /**
   * How long the first request of a batch waits for others (ms). 0 (the default) waits one turn
   * of the event loop; requests that arrive while a run is in progress join the next run anyway.
   */
  windowMs?: number;
  /** Rows per ORT run at most (a larger request runs alone). Default 4096. */
  maxBatchRows?: number;
  /**
   * ORT runs in flight at once (default 2). ORT computes off the event loop, so a second run lets
   * the next requests be preprocessed while one computes instead of the event loop idling.
   */
  maxConcurrentRuns?: number;
}

interface Job {
  inputs: readonly ModelInputValues[];
  rows: number;
  resolve: (outputs: RunOutputs) => void;
  reject: (error: unknown) => void;
}

type Run = (inputs: readonly ModelInputValues[], rows: number) => Promise<RunOutputs>;

/**
 * Merges concurrent requests into one ORT run: inputs are concatenated row-wise, the outputs
 * split back (views, no copies). At most `maxConcurrentRuns` runs at a time per model; requests
 * arriving meanwhile wait for the next free run, so under load batches grow by themselves and at
 * low load nothing waits longer than `windowMs`.
 */
export class MicroBatcher {
  private queue: Job[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly windowMs: number;
  private readonly maxBatchRows: number;
  private readonly maxConcurrentRuns: number;

  constructor(private readonly run: Run, options: MicroBatchOptions = {}) {
    this.windowMs = options.windowMs ?? 0;
    this.maxBatchRows = options.maxBatchRows ?? 4096;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 2;
  }

  /** Jobs waiting for a run. */
  get pending(): number {
    return this.queue.length;
  }

  submit(inputs: readonly ModelInputValues[], rows: number): Promise<RunOutputs> {
    return new Promise((resolve, reject) => {
      this.queue.push({ inputs, rows, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running >= this.maxConcurrentRuns || this.timer !== null || this.queue.length === 0) return;
    const fire = () => {
      this.timer = null;
      void this.flush();
    };
    this.timer = this.windowMs > 0 ? setTimeout(fire, this.windowMs) : setImmediate(fire);
  }

  private async flush(): Promise<void> {
    if (this.running >= this.maxConcurrentRuns) return; // the run that finishes next flushes
    const jobs = this.take();
    if (jobs.length === 0) return;
    this.running++;
    try {
      const rows = jobs.reduce((n, j) => n + j.rows, 0);
      const outputs = await this.run(jobs.length === 1 ? jobs[0].inputs : concatInputs(jobs, rows), rows);
      let offset = 0;
      for (const job of jobs) {
        job.resolve(sliceOutputs(outputs, offset, job.rows));
        offset += job.rows;
      }
    } catch (error) {
      for (const job of jobs) job.reject(error);
    } finally {
      this.running--;
      // Whatever queued during the run has waited long enough: run it now.
      if (this.queue.length > 0 && this.timer === null) void this.flush();
    }
  }

  private take(): Job[] {
    let rows = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || rows + this.queue[count].rows <= this.maxBatchRows)) {
      rows += this.queue[count].rows;
      count++;
    }
    return this.queue.splice(0, count);
  }
}

function concatInputs(jobs: Job[], rows: number): ModelInputValues[] {
  return jobs[0].inputs.map((first, k) => {
    const values = encodedArray(first.dtype, rows * first.width);
    let offset = 0;
    for (const job of jobs) {
      values.set(job.inputs[k].values, offset);
      offset += job.inputs[k].values.length;
    }
    return { ...first, values };
  });
}

function sliceOutputs(outputs: RunOutputs, offset: number, rows: number): RunOutputs {
  const out: RunOutputs = {};
  for (const [name, { values, width }] of Object.entries(outputs)) {
    out[name] = { values: values.subarray(offset * width, (offset + rows) * width), width };
  }
  return out;
}
