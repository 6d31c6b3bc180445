/**
 * The wire size (protocol/wire-form.ts) of messages by blob hash. Blobs are content-addressed, so a
 * hash's wire size never changes: once a process has read a message for STAT or LIST it never needs
 * to again, and a client that logs in every few minutes costs no blob reads for its old mail.
 * Bounded; the oldest entries go first. One per server (pop3-server.ts), passed in through the deps.
 */
export type WireSizeCache = {
  get(hash: string): number | undefined;
  set(hash: string, size: number): void;
};

export function createWireSizeCache(maxEntries = 500_000): WireSizeCache {
  const sizes = new Map<string, number>();
  return {
    get: (hash) => sizes.get(hash),
    set(hash, size) {
      sizes.set(hash, size);
      if (sizes.size > maxEntries) sizes.delete(sizes.keys().next().value!);
    },
  };
}
