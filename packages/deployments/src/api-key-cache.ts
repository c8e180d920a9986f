import type { Actor } from './actor.js';

/**
 * API key lookups by SHA-256, cached for a short while so /predict costs no query per request.
 * A revocation evicts the key in every web process at once (the bus); the TTL bounds the rest.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { actor: Actor | null; until: number }>();
  constructor(private readonly ttlMs = 30_000, private readonly maxEntries = 10_000) {}

  get(keyHash: string): Actor | null | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.actor;
  }

  /** `null` caches a miss too (a flood of bad keys must not become a flood of queries). */
  set(keyHash: string, actor: Actor | null): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyHash, { actor, until: Date.now() + (actor ? this.ttlMs : 5_000) });
  }

  forget(keyHash: string): void {
    this.entries.delete(keyHash);
  }

  /** Drops every cached key of a user (role change, deletion). */
  forgetUser(userId: string): void {
    for (const [hash, entry] of this.entries) if (entry.actor?.userId === userId) this.entries.delete(hash);
  }
}
