// Everything /status shows for one page of history, cached (status-page-cache.ts): the pinned open
// windows, the page of posts, and the services' health.
import type { Db } from "../db.ts";
import { ExpiringCache, expiryOf } from "./status-page-cache.ts";
import { listOpenWindows, listPublishedPosts, nextScheduledPublication, findPublishedPost, type PublicStatusPost, type StatusPage } from "./read-status-posts.ts";
import { nextWindowChange } from "./window-state.ts";
import { readServiceHealth, type ServiceHealth } from "./service-health.ts";
import { readUptimeBars, type UptimeBar } from "./uptime-bars.ts";

export const STATUS_PAGE_SIZE = 20;

export type StatusFrontPage = StatusPage & { openWindows: PublicStatusPost[]; health: ServiceHealth[]; uptime: UptimeBar[]; generatedAt: Date };

const pages = new ExpiringCache<StatusFrontPage>();
const permalinks = new ExpiringCache<PublicStatusPost | null>(256);

export type HealthSettings = { staleMs: number };

export async function getStatusFrontPage(db: Db, input: { page: number; health: HealthSettings; now?: () => Date }): Promise<StatusFrontPage> {
  const clock = input.now ?? (() => new Date());
  const page = Number.isFinite(input.page) ? Math.max(1, Math.floor(input.page)) : 1;
  return pages.get(String(page), clock().getTime(), async () => {
    const now = clock();
    const [history, openWindows, nextPublication, health, uptime] = await Promise.all([
      listPublishedPosts(db, { now, page, pageSize: STATUS_PAGE_SIZE }),
      listOpenWindows(db, { now }),
      nextScheduledPublication(db, { now }),
      readServiceHealth(db, { now, staleMs: input.health.staleMs }),
      readUptimeBars(db, { now, days: 90 }),
    ]);
    const value = { ...history, openWindows, health, uptime, generatedAt: now };
    // Health is cached too, but briefly: a stale heartbeat must show within the threshold.
    const healthExpiry = new Date(now.getTime() + Math.min(5_000, Math.max(250, input.health.staleMs / 4)));
    return { value, expiresAt: expiryOf(now, nextWindowChange([...history.posts, ...openWindows], now), nextPublication, healthExpiry) };
  });
}

export async function getStatusPermalink(db: Db, input: { slug: string; now?: () => Date }): Promise<PublicStatusPost | null> {
  const clock = input.now ?? (() => new Date());
  return permalinks.get(input.slug, clock().getTime(), async () => {
    const now = clock();
    const [post, nextPublication] = await Promise.all([findPublishedPost(db, { slug: input.slug, now }), nextScheduledPublication(db, { now })]);
    return { value: post, expiresAt: expiryOf(now, post ? nextWindowChange([post], now) : null, nextPublication) };
  });
}
