import { createHash } from "node:crypto";

export const PAGED_RESULTS_OID = "1.2.840.113556.1.4.319";

/**
 * Simple Paged Results (RFC 2696) without state on the server: the cookie carries the offset of
 * the next page and a digest of the search it belongs to, and each page runs the search again
 * (books are in memory, so this costs little). A cookie from another search is refused.
 */
export function searchSignature(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("base64url").slice(0, 16);
}

export function makeCookie(offset: number, signature: string): Buffer {
  return Buffer.from(`${offset}:${signature}`, "utf8");
}

/** The offset a cookie resumes at: 0 for an empty cookie (the first page), null for a cookie not of this search. */
export function readCookie(cookie: Buffer | undefined, signature: string): number | null {
  if (!cookie || cookie.length === 0) return 0;
  if (cookie.length > 64) return null;
  const match = /^(\d{1,9}):([A-Za-z0-9_-]{16})$/.exec(cookie.toString("utf8"));
  if (!match || match[2] !== signature) return null;
  return Number(match[1]);
}
