// The posts the feeds carry: the newest page, from the same cache as /status.
import type { Db } from "../db.ts";
import { getStatusFrontPage } from "./status-front-page.ts";
import { loadStatusSettings } from "./status-settings.ts";
import type { PublicStatusPost } from "./read-status-posts.ts";

export async function feedPosts(db: Db): Promise<PublicStatusPost[]> {
  return (await getStatusFrontPage(db, { page: 1, health: { staleMs: loadStatusSettings().staleMs } })).posts;
}

export const FEED_TITLE = "Mailwright status";
