// The editor's reads: every post (drafts and scheduled ones too), and one post as stored.
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canEditStatusPosts } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";

export async function listStatusPostsForStaff(db: Db, input: { actor: Actor; page: number; pageSize: number }) {
  assertAllowed(canEditStatusPosts(input.actor), "Only staff edit status posts.");
  const total = await db.statusPost.count();
  const pageCount = Math.max(1, Math.ceil(total / input.pageSize));
  const page = Math.min(Math.max(1, input.page), pageCount);
  // Drafts (no time) first, then newest first.
  const rows = await db.statusPost.findMany({
    orderBy: [{ publishedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    skip: (page - 1) * input.pageSize,
    take: input.pageSize,
    select: { id: true, slug: true, title: true, kind: true, state: true, publishedAt: true, startsAt: true, endsAt: true, updatedAt: true, _count: { select: { updates: true } } },
  });
  const now = new Date();
  return { rows: rows.map((row) => ({ ...row, scheduled: row.publishedAt !== null && row.publishedAt > now })), page, pageCount, total, now };
}

export async function findStatusPostForStaff(db: Db, input: { actor: Actor; postId: string }) {
  assertAllowed(canEditStatusPosts(input.actor), "Only staff edit status posts.");
  const post = await db.statusPost.findUnique({ where: { id: input.postId }, include: { updates: { orderBy: { at: "asc" } } } });
  if (!post) throw new AppError("NOT_FOUND", "That status post does not exist.");
  return { ...post, isLive: post.publishedAt !== null && post.publishedAt <= new Date() };
}
