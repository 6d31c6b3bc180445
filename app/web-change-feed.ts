import { getDb, targetOf } from "@/lib/db";
import { startChangeFeed, type ChangeFeed } from "@/lib/store/change-feed";

let feed: Promise<ChangeFeed> | undefined;

/** The web process's one change feed (every open webmail tab subscribes to its own mailbox on it). */
export function webChangeFeed(): Promise<ChangeFeed> {
  feed ??= getDb().then((db) => startChangeFeed(db, targetOf(db)));
  return feed;
}
