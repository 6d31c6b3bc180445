/**
 * Every SQLite connection's settings, for Prisma's (lib/db.ts) and the ingest writer thread's.
 * - WAL lets the web app and every daemon read while one of them writes.
 * - synchronous=FULL makes each commit fsync the WAL: NORMAL (better-sqlite3's compiled-in default
 *   for WAL) can lose the last commits on a power cut, and a message we answered 250 for must
 *   survive one.
 * - 64 MiB of page cache (the default is 2): the message table's indexes are keyed by random ids
 *   and hashes, so each insert touches pages all over them; with a small cache those are disk reads.
 * - temp_store=MEMORY: multi-row statements keep a statement journal (to undo a half-done
 *   statement); in memory it is not a temporary file created, written and deleted for each one.
 */
export const SQLITE_PRAGMAS = ["journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "cache_size = -65536", "temp_store = MEMORY"] as const;

/** How long a connection waits for another's write lock before giving up with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
