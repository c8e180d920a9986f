import { ApiError } from '../errors';

/**
 * Caps the live-event (SSE) streams of this web process, per caller and in all: each holds a Redis
 * connection of its own (XREAD BLOCK), so unbounded streams would exhaust Redis and the process.
 * A slot is taken before the stream opens and given back when it ends, errors or the client leaves.
 */
export class StreamSlots {
  private total = 0;
  private readonly perCaller = new Map<string, number>();

  constructor(private readonly limits: { perCaller: number; total: number }) {}

  /**
   * Takes a slot for `caller` (a user id or API key id): the function that gives it back (once), or
   * why there is none (the route answers 429 with `tooManyStreams`).
   */
  acquire(caller: string): { release: () => void } | { refused: string } {
    const mine = this.perCaller.get(caller) ?? 0;
    if (mine >= this.limits.perCaller) return { refused: `you have ${mine} live event streams open, the most one user may (OVERTURE_SSE_PER_USER): close some run pages first.` };
    if (this.total >= this.limits.total) return { refused: `this server has ${this.total} live event streams open, the most it allows (OVERTURE_SSE_TOTAL): try again shortly.` };
    this.perCaller.set(caller, mine + 1);
    this.total += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perCaller.get(caller) ?? 1) - 1;
        if (left > 0) this.perCaller.set(caller, left);
        else this.perCaller.delete(caller);
      },
    };
  }

  get open(): number {
    return this.total;
  }
}

/** The 429 of a refused stream. */
export const tooManyStreams = (message: string) => new ApiError('rate_limited', message, [], { 'retry-after': '5' });

/** The same bytes as `stream`, calling `release` once when it ends, fails or is cancelled. */
export function releasingOnEnd(stream: ReadableStream<Uint8Array>, release: () => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          release();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}
