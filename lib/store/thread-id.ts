import { createHash, randomUUID } from "node:crypto";
import { Prisma } from "../generated/postgres/client.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

export type ThreadHeaders = { messageId: string | null; inReplyTo: string | null; references: string[]; baseSubject: string; isReply: boolean };

const SUBJECT_FALLBACK_DAYS = 30;

/**
 * The conversation a new message belongs to (RFC 5256 REFERENCES, adapted to a stored id):
 * 1. the thread of any message in this mailbox that it references;
 * 2. else an id derived from the thread's root Message-ID (its first reference, or its own), so a
 *    parent that arrives after its reply, even in another process, lands in the same thread;
 * 3. a reply with no references at all joins the latest message with the same base subject
 *    from the last 30 days (the subject fallback).
 */
export async function assignThreadId(db: DbClient, mailboxId: string, headers: ThreadHeaders, now = new Date()): Promise<string> {
  const referenced = [...headers.references, headers.inReplyTo].filter((id): id is string => Boolean(id));
  if (referenced.length > 0) {
    // Raw SQL: this runs for every delivered reply, and a Prisma model query costs ~1 ms here.
    const [parent] = await db.$queryRaw<{ threadId: string }[]>`SELECT "threadId" FROM "Message" WHERE "mailboxId" = ${mailboxId} AND "messageIdHeader" IN (${Prisma.join(referenced.slice(-50))}) LIMIT 1`;
    if (parent) return parent.threadId;
  } else if (headers.isReply && headers.baseSubject !== "") {
    const since = new Date(now.getTime() - SUBJECT_FALLBACK_DAYS * 86_400_000);
    const sibling = await db.message.findFirst({
      where: { mailboxId, baseSubject: headers.baseSubject, internalDate: { gte: since } },
      orderBy: { internalDate: "desc" },
      select: { threadId: true },
    });
    if (sibling) return sibling.threadId;
  }
  const root = headers.references[0] ?? headers.inReplyTo ?? headers.messageId;
  const seed = root ?? randomUUID();
  return createHash("sha256").update(`${mailboxId}\n${seed}`).digest("base64url").slice(0, 22);
}
