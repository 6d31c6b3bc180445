/**
 * Per-IP connection limits for a listener: how many at once, and how many a minute (a sliding
 * window of the last 60 s, counted in one-second buckets). In memory: each MX process limits what
 * it sees, as Postfix's anvil does per server. A limit of 0 is no limit.
 */
export type ConnectionLimits = { maxConcurrent: number; maxPerMinute: number };

export type ConnectionLimiter = {
  /** Admits a connection, or says which limit it hit; an admitted one must be released. */
  admit(ip: string, now?: number): "ok" | "concurrency" | "rate";
  release(ip: string): void;
};

const WINDOW_SECONDS = 60;
type Window = { counts: Uint32Array; lastSecond: number };

export function createConnectionLimiter(limits: ConnectionLimits): ConnectionLimiter {
  const open = new Map<string, number>();
  const windows = new Map<string, Window>();

  const recentCount = (window: Window, second: number): number => {
    // Zero the buckets of the seconds that passed since the last connection.
    for (let s = window.lastSecond + 1; s <= second && s <= window.lastSecond + WINDOW_SECONDS; s++) window.counts[s % WINDOW_SECONDS] = 0;
    window.lastSecond = Math.max(window.lastSecond, second);
    return window.counts.reduce((total, count) => total + count, 0);
  };

  return {
    admit(ip, now = Date.now()) {
      const second = Math.floor(now / 1000);
      let window: Window | undefined;
      if (limits.maxPerMinute > 0) {
        window = windows.get(ip) ?? { counts: new Uint32Array(WINDOW_SECONDS), lastSecond: second };
        windows.set(ip, window);
        if (recentCount(window, second) >= limits.maxPerMinute) return "rate";
      }
      const current = open.get(ip) ?? 0;
      if (limits.maxConcurrent > 0 && current >= limits.maxConcurrent) return "concurrency";
      if (window) window.counts[second % WINDOW_SECONDS]! += 1;
      open.set(ip, current + 1);
      // A scan from many addresses must not grow the map forever: forget the quiet ones.
      if (windows.size > 100_000) for (const [key, w] of windows) if (w.lastSecond <= second - WINDOW_SECONDS) windows.delete(key);
      return "ok";
    },
    release(ip) {
      const current = (open.get(ip) ?? 1) - 1;
      if (current <= 0) open.delete(ip);
      else open.set(ip, current);
    },
  };
}
