import type { Actor } from '../../core/tenancy/actor.ts';

/**
 * The actors of recently looked-up sessions, by signed session cookie, in this process. An entry is only a claim: a
 * route that reads from it (plugin.ts, `sessionConfirmedInTransaction`) confirms the session in the first statement of
 * its scoped transaction, so an ended session or a changed user is never served from here. That is why nothing needs to
 * evict entries when sessions end or users change: a stale entry costs one fallback lookup, never a stale answer.
 * Written by hand: a bounded map with insertion-order eviction is all it needs.
 */
export class SessionCache {
  private readonly entries = new Map<string, { actor: Actor; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
  ) {}

  /** The actor of a session looked up less than maxAgeMs ago, if any. */
  get(key: string, now: Date): Actor | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const age = now.getTime() - entry.at;
    if (age < 0 || age >= this.maxAgeMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.actor;
  }

  set(key: string, actor: Actor, now: Date): void {
    this.entries.delete(key); // re-inserted last: the oldest entry is always the first one
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { actor, at: now.getTime() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
