// The public page's data, kept in memory: /status is read far more than it changes, and the page it
// replaces spent its time re-querying per request. An entry lives until the first of: a change made
// in this process (statusVersion), a window edge or scheduled publication (the clock changes what
// is shown), or a short time limit that picks up changes made by other processes.
import type { Db } from "../db.ts";
import { statusVersion } from "./status-version.ts";

export type Cached<T> = { value: T; version: number; expiresAt: number };

export class ExpiringCache<T> {
  private readonly entries = new Map<string, Cached<T>>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries = 64) {}

  /** The cached value, or `load`'s (one load per key at a time); `load` says how long its value holds. */
  async get(key: string, now: number, load: () => Promise<{ value: T; expiresAt: number }>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.version === statusVersion() && now < entry.expiresAt) return entry.value;
    const running = this.pending.get(key);
    if (running) return running;
    const version = statusVersion();
    const loading = load()
      .then(({ value, expiresAt }) => {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { value, version, expiresAt });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    return loading;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** How long cached status data may be served without re-reading, when nothing says sooner. */
export const STATUS_CACHE_MS = 5_000;

export function expiryOf(now: Date, ...edges: (Date | null)[]): number {
  let expires = now.getTime() + STATUS_CACHE_MS;
  for (const edge of edges) if (edge && edge.getTime() < expires) expires = Math.max(edge.getTime(), now.getTime() + 1);
  return expires;
}

export type { Db };
