import pg from "pg";
import type { Db } from "../db.ts";
import type { DatabaseTarget } from "../database-url.ts";
import { CHANGE_CHANNEL } from "../db-change-notify.ts";

export type ChangeEvent =
  | { kind: "APPEND" | "FLAGS" | "EXPUNGE"; folderId: string; modseq: bigint; uid: number }
  /** The folder list changed (created, renamed, deleted); re-read it. */
  | { kind: "FOLDERS" };

export type ChangeListener = (mailboxId: string, events: ChangeEvent[]) => void;

export type ChangeFeed = {
  /** Calls `listener` with every change to the mailbox made by any process from now on. */
  subscribe(mailboxId: string, listener: ChangeListener): () => void;
  close(): Promise<void>;
};

/** How often SQLite is polled; PostgreSQL pushes (LISTEN/NOTIFY) and needs no poll. */
export const SQLITE_POLL_MS = 200;

type Cursor = { folders: Map<string, { name: string; modseq: bigint }> };

/**
 * One change feed per process. Changes are read per folder by MODSEQ, which each writer allocates
 * under the folder's lock and commits in order, so no change is missed however transactions
 * interleave. What triggers a read: a NOTIFY naming the mailbox (PostgreSQL), or a rise of the
 * highest change id (SQLite, where commits are serial).
 */
export async function startChangeFeed(db: Db, target: DatabaseTarget, options: { pollMs?: number } = {}): Promise<ChangeFeed> {
  const listeners = new Map<string, Set<ChangeListener>>();
  const cursors = new Map<string, Cursor>();
  const pending = new Map<string, Promise<void>>();

  const readFolders = async (mailboxId: string) =>
    new Map((await db.folder.findMany({ where: { mailboxId }, select: { id: true, name: true, highestModseq: true } })).map((f) => [f.id, { name: f.name, modseq: f.highestModseq }]));

  // Reads what changed in a mailbox since its cursor; calls for one mailbox never overlap.
  const refresh = (mailboxId: string): Promise<void> => {
    const previous = pending.get(mailboxId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const cursor = cursors.get(mailboxId);
      if (!cursor || !listeners.has(mailboxId)) return;
      const folders = await readFolders(mailboxId);
      const events: ChangeEvent[] = [];
      const sameList = folders.size === cursor.folders.size && [...folders].every(([id, f]) => cursor.folders.get(id)?.name === f.name);
      if (!sameList) events.push({ kind: "FOLDERS" });
      for (const [folderId, folder] of folders) {
        const since = cursor.folders.get(folderId)?.modseq ?? 0n;
        if (folder.modseq <= since) continue;
        const rows = await db.change.findMany({
          where: { folderId, modseq: { gt: since, lte: folder.modseq }, kind: { not: "FOLDER" } },
          orderBy: [{ modseq: "asc" }, { id: "asc" }],
        });
        for (const row of rows) events.push({ kind: row.kind as "APPEND" | "FLAGS" | "EXPUNGE", folderId, modseq: row.modseq, uid: row.uid ?? 0 });
      }
      cursor.folders = folders;
      if (events.length > 0) for (const listener of listeners.get(mailboxId) ?? []) listener(mailboxId, events);
    });
    const settled = next.catch((error: unknown) => console.error(`change feed: ${mailboxId}: ${(error as Error).message}`));
    pending.set(mailboxId, settled);
    return settled;
  };

  let stop: () => Promise<void>;
  if (target.provider === "postgres") {
    stop = await listenForChanges(target.url, (mailboxId) => void refresh(mailboxId), () => {
      for (const mailboxId of listeners.keys()) void refresh(mailboxId);
    });
  } else {
    let lastId = await highestChangeId(db);
    let isPolling = false;
    const timer = setInterval(async () => {
      if (isPolling || listeners.size === 0) return;
      isPolling = true;
      try {
        const highest = await highestChangeId(db);
        if (highest > lastId) {
          const rows = await db.$queryRaw<{ mailboxId: string }[]>`SELECT DISTINCT "mailboxId" FROM "Change" WHERE "id" > ${lastId} AND "id" <= ${highest}`;
          lastId = highest;
          await Promise.all(rows.filter((r) => listeners.has(r.mailboxId)).map((r) => refresh(r.mailboxId)));
        }
      } catch (error) {
        console.error(`change feed: poll failed: ${(error as Error).message}`);
      } finally {
        isPolling = false;
      }
    }, options.pollMs ?? SQLITE_POLL_MS);
    timer.unref();
    stop = async () => clearInterval(timer);
  }

  return {
    subscribe(mailboxId, listener) {
      if (!listeners.has(mailboxId)) {
        listeners.set(mailboxId, new Set());
        // The cursor starts at the folders' current state: a subscriber sees changes from now on.
        const ready = readFolders(mailboxId).then((folders) => void cursors.set(mailboxId, { folders }));
        pending.set(mailboxId, ready);
      }
      listeners.get(mailboxId)!.add(listener);
      return () => {
        const set = listeners.get(mailboxId);
        set?.delete(listener);
        if (set?.size === 0) {
          listeners.delete(mailboxId);
          cursors.delete(mailboxId);
        }
      };
    },
    close: () => stop(),
  };
}

async function highestChangeId(db: Db): Promise<bigint> {
  const rows = await db.$queryRaw<{ id: bigint | number | null }[]>`SELECT MAX("id") AS "id" FROM "Change"`;
  return BigInt(rows[0]?.id ?? 0);
}

/** A dedicated connection LISTENing for change notices; reconnects, then re-reads everything. */
async function listenForChanges(url: string, onMailbox: (mailboxId: string) => void, onReconnect: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let isClosed = false;
  let retry: NodeJS.Timeout | undefined;
  const reconnectSoon = () => {
    if (!isClosed) retry = setTimeout(() => connect(true).catch(reconnectSoon), 1_000);
  };
  const connect = async (isReconnect: boolean) => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => message.payload && onMailbox(message.payload));
    next.on("error", (error) => {
      console.error(`change feed: LISTEN connection lost: ${error.message}`);
      void next.end().catch(() => undefined);
      reconnectSoon();
    });
    await next.connect();
    await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    client = next;
    if (isReconnect) onReconnect();
  };
  await connect(false);
  return async () => {
    isClosed = true;
    clearTimeout(retry);
    await client?.end();
  };
}
