// The staff editor's writes: create and edit a post, append an update. Each asks the permission
// module first, validates, and records the change in the audit trail in the same transaction.
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canEditStatusPosts } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { StatusPostInput, StatusUpdateInput } from "./status-post-input.schema.ts";
import { formatServices } from "./status-vocabulary.ts";
import { uniqueSlug } from "./status-post-slug.ts";
import { bumpStatusVersion } from "./status-version.ts";

type Acting = { actor: Actor; clientIp?: string };

function parsePost(input: unknown): StatusPostInput {
  const parsed = StatusPostInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Status post", parsed.error.issues);
  return parsed.data;
}

function columns(post: StatusPostInput) {
  return { title: post.title, body: post.body, kind: post.kind, state: post.state, services: formatServices(post.services), publishedAt: post.publishedAt, startsAt: post.startsAt, endsAt: post.endsAt };
}

function auditDetails(post: StatusPostInput) {
  return { title: post.title, kind: post.kind, state: post.state, services: formatServices(post.services), publishedAt: post.publishedAt?.toISOString() ?? null, startsAt: post.startsAt?.toISOString() ?? null, endsAt: post.endsAt?.toISOString() ?? null };
}

export async function createStatusPost(db: Db, input: Acting & { post: unknown; now?: Date }) {
  assertAllowed(canEditStatusPosts(input.actor), "Only staff write status posts.");
  const post = parsePost(input.post);
  const created = await db.$transaction(async (tx) => {
    const slug = await uniqueSlug(tx, post.title, post.publishedAt ?? post.startsAt ?? input.now ?? new Date());
    const row = await tx.statusPost.create({ data: { slug, ...columns(post) } });
    await recordAuditEvent(tx, { actor: input.actor, clientIp: input.clientIp, action: "status.post.create", targetType: "StatusPost", targetId: row.id, details: { slug, ...auditDetails(post) } });
    return row;
  });
  bumpStatusVersion();
  return created;
}

export async function editStatusPost(db: Db, input: Acting & { postId: string; post: unknown }) {
  assertAllowed(canEditStatusPosts(input.actor), "Only staff edit status posts.");
  const post = parsePost(input.post);
  const updated = await db.$transaction(async (tx) => {
    const existing = await tx.statusPost.findUnique({ where: { id: input.postId }, select: { id: true } });
    if (!existing) throw new AppError("NOT_FOUND", "That status post does not exist.");
    const row = await tx.statusPost.update({ where: { id: input.postId }, data: columns(post) });
    await recordAuditEvent(tx, { actor: input.actor, clientIp: input.clientIp, action: "status.post.edit", targetType: "StatusPost", targetId: row.id, details: auditDetails(post) });
    return row;
  });
  bumpStatusVersion();
  return updated;
}

/** Appends an update (timed now, or `at`); a state given moves the post to it. */
export async function addStatusUpdate(db: Db, input: Acting & { postId: string; update: unknown; at?: Date }) {
  assertAllowed(canEditStatusPosts(input.actor), "Only staff add updates to status posts.");
  const parsed = StatusUpdateInput.safeParse(input.update);
  if (!parsed.success) throw invalidInput("Status update", parsed.error.issues);
  const update = parsed.data;
  const created = await db.$transaction(async (tx) => {
    const post = await tx.statusPost.findUnique({ where: { id: input.postId }, select: { id: true } });
    if (!post) throw new AppError("NOT_FOUND", "That status post does not exist.");
    const row = await tx.statusUpdate.create({ data: { postId: post.id, body: update.body, state: update.state, at: input.at ?? new Date() } });
    if (update.state) await tx.statusPost.update({ where: { id: post.id }, data: { state: update.state } });
    await recordAuditEvent(tx, { actor: input.actor, clientIp: input.clientIp, action: "status.update.add", targetType: "StatusPost", targetId: post.id, details: { updateId: row.id, state: update.state } });
    return row;
  });
  bumpStatusVersion();
  return created;
}
