// The public side's reads: published posts newest first (paged), one post by its permalink, and the
// windows still ahead. Bodies are rendered to sanitised HTML here, once, so a cached page costs nothing.
import type { Db } from "../db.ts";
import { renderStatusMarkdown } from "./render-status-markdown.ts";
import { effectiveState, windowPhase, type WindowPhase } from "./window-state.ts";
import { parseServices, type PostService, type StatusKind, type StatusState } from "./status-vocabulary.ts";

export type PublicStatusUpdate = { id: string; at: Date; state: StatusState | null; bodyHtml: string };

export type PublicStatusPost = {
  id: string;
  slug: string;
  title: string;
  bodyHtml: string;
  kind: StatusKind;
  /** The state shown now: a window's follows the clock. */
  state: StatusState;
  services: PostService[];
  publishedAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  phase: WindowPhase | null;
  /** Oldest first, as they happened. */
  updates: PublicStatusUpdate[];
  /** The latest change: the post's edit or its last update (the feeds' `updated`). */
  updatedAt: Date;
};

type Row = Awaited<ReturnType<typeof findRows>>[number];

function findRows(db: Db, where: object, skip: number, take: number) {
  return db.statusPost.findMany({ where, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], skip, take, include: { updates: { orderBy: { at: "asc" } } } });
}

export function toPublicPost(row: Row, now: Date): PublicStatusPost {
  const lastUpdate = row.updates.at(-1)?.at;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    bodyHtml: renderStatusMarkdown(row.body),
    kind: row.kind as StatusKind,
    state: effectiveState({ ...row, state: row.state as StatusState }, now),
    services: parseServices(row.services),
    publishedAt: row.publishedAt!,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    phase: windowPhase(row, now),
    updates: row.updates.map((update) => ({ id: update.id, at: update.at, state: update.state as StatusState | null, bodyHtml: renderStatusMarkdown(update.body) })),
    updatedAt: lastUpdate && lastUpdate > row.updatedAt ? lastUpdate : row.updatedAt,
  };
}

const published = (now: Date) => ({ publishedAt: { not: null, lte: now } });

export type StatusPage = { posts: PublicStatusPost[]; page: number; pageCount: number; total: number };

/** One page of the published posts, newest first (page 1 is the newest). */
export async function listPublishedPosts(db: Db, input: { now: Date; page: number; pageSize: number }): Promise<StatusPage> {
  const where = published(input.now);
  const total = await db.statusPost.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / input.pageSize));
  const page = Math.min(Math.max(1, Math.floor(input.page)), pageCount);
  const rows = await findRows(db, where, (page - 1) * input.pageSize, input.pageSize);
  return { posts: rows.map((row) => toPublicPost(row, input.now)), page, pageCount, total };
}

/** Published windows not yet over (upcoming or ongoing), soonest first: pinned at the top of the page. */
export async function listOpenWindows(db: Db, input: { now: Date }): Promise<PublicStatusPost[]> {
  const rows = await db.statusPost.findMany({
    where: { ...published(input.now), startsAt: { not: null }, endsAt: { gt: input.now } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 20,
    include: { updates: { orderBy: { at: "asc" } } },
  });
  return rows.map((row) => toPublicPost(row, input.now));
}

/** A published post by its permalink segment, or null (drafts and scheduled posts are not found either). */
export async function findPublishedPost(db: Db, input: { slug: string; now: Date }): Promise<PublicStatusPost | null> {
  if (input.slug.length > 200) return null;
  const row = await db.statusPost.findFirst({ where: { slug: input.slug, ...published(input.now) }, include: { updates: { orderBy: { at: "asc" } } } });
  return row ? toPublicPost(row, input.now) : null;
}

/** The next scheduled publication after now, if any (the cache must refresh by then). */
export async function nextScheduledPublication(db: Db, input: { now: Date }): Promise<Date | null> {
  const row = await db.statusPost.findFirst({ where: { publishedAt: { gt: input.now } }, orderBy: { publishedAt: "asc" }, select: { publishedAt: true } });
  return row?.publishedAt ?? null;
}
