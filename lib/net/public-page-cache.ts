// A short cache in front of Next for public pages (the status pages). Next keeps those pages itself
// (ISR), but its request pipeline still costs about 1.5 ms of CPU per request, which holds one web
// process to some 650 pages a second: in a big outage, when every customer opens /status at once,
// readers would queue. Here a page that Next marked shareable (Cache-Control public or s-maxage) is
// kept for at most `ttlMs` per path and encoding, and served without entering Next at all. Any
// other request method (a staff action that publishes or edits a post) empties the cache when it
// starts and again when it ends, and a page read while one ran is not kept, so a change shows as
// soon as Next has it.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

type Entry = { headers: OutgoingHttpHeaders; body: Buffer; storedAt: number };

/** Request headers that make Next answer with something other than the page's HTML (client-side
 *  navigation payloads), or that a conditional answer depends on: those go to Next every time. */
const BYPASS_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-url", "if-none-match", "if-modified-since", "range"];
/** Headers of one connection, not of the page. */
const HOP_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length"]);
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export type PublicPageCache = {
  /** Answers from the cache, or calls `next` and keeps a shareable answer. */
  handle(request: IncomingMessage, response: ServerResponse, next: () => void): void;
};

export function createPublicPageCache(options: { prefixes: string[]; ttlMs: number; maxEntries: number; now?: () => number }): PublicPageCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // Bumped when a request that may change a page starts or ends: a page read across a bump may
  // predate the change.
  let generation = 0;
  const invalidate = () => {
    generation += 1;
    entries.clear();
  };

  function keyOf(request: IncomingMessage): string | null {
    if (request.method !== "GET") return null;
    const url = request.url ?? "";
    const path = url.split("?", 1)[0]!;
    if (!options.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return null;
    if (BYPASS_HEADERS.some((name) => request.headers[name] !== undefined)) return null;
    // Next compresses for clients that accept gzip: the two answers are different bytes.
    const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    return `${gzip ? "gzip" : "identity"} ${url}`;
  }

  function keep(key: string, response: ServerResponse, chunks: Buffer[], startedIn: number): void {
    if (startedIn !== generation) return;
    const cacheControl = String(response.getHeader("cache-control") ?? "");
    if (response.statusCode !== 200 || !/\b(public|s-maxage)\b/.test(cacheControl) || /\b(private|no-store)\b/.test(cacheControl)) return;
    if (response.getHeader("set-cookie") !== undefined || response.getHeader("content-type") === undefined) return;
    const body = Buffer.concat(chunks);
    if (body.length > MAX_BODY_BYTES) return;
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(response.getHeaders())) if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = value;
    entries.delete(key);
    entries.set(key, { headers, body, storedAt: now() });
    // The oldest entry goes first (a Map keeps insertion order).
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
  }

  return {
    handle(request, response, next) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        invalidate();
        response.once("close", invalidate);
      }
      const key = keyOf(request);
      if (key === null) return next();
      const entry = entries.get(key);
      if (entry && now() - entry.storedAt < options.ttlMs) {
        response.writeHead(200, { ...entry.headers, "content-length": entry.body.length });
        response.end(entry.body);
        return;
      }
      const chunks: Buffer[] = [];
      const collect = (chunk: unknown, encoding: unknown) => {
        if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      };
      const write = response.write;
      const end = response.end;
      response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
        collect(chunk, rest[0]);
        return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as ServerResponse["write"];
      response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
        if (typeof chunk !== "function") collect(chunk, rest[0]);
        return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      } as ServerResponse["end"];
      const startedIn = generation;
      response.once("finish", () => keep(key, response, chunks, startedIn));
      next();
    },
  };
}
