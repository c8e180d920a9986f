import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Changes every web and serving process must hear about at once (a hot swap, a revoked key, a
 * user's role changed or removed): published on one Redis channel; each process subscribes with a
 * connection of its own. A message type a process does not know is ignored.
 */
export const ZBusMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('deployment'), name: z.string() }),
  z.object({ type: z.literal('api_key_revoked'), keyHash: z.string() }),
  z.object({ type: z.literal('user_changed'), userId: z.string() }),
]);
export type BusMessage = z.infer<typeof ZBusMessage>;

export interface Bus {
  publish(message: BusMessage): Promise<void>;
  /** Resolves once this process listens (a message published before is not heard). */
  ready: Promise<void>;
  close(): void;
}

export function createBus(redis: Redis, prefix: string, onMessage: (message: BusMessage) => void, log: (m: string) => void): Bus {
  const channel = `${prefix}:web:events`;
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined); // ioredis reconnects and resubscribes by itself
  const ready = subscriber.subscribe(channel).then(() => undefined, (error: Error) => log(`could not subscribe to ${channel}: ${error.message}`));
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      const parsed = ZBusMessage.safeParse(JSON.parse(text));
      if (parsed.success) onMessage(parsed.data);
    } catch {
      // a message of another version; ignore
    }
  });
  return {
    ready,
    async publish(message) {
      await redis.publish(channel, JSON.stringify(message));
    },
    close() {
      subscriber.disconnect();
    },
  };
}
