import { createHash, randomUUID } from "node:crypto";
import type { Sql } from "../sql.ts";

export type ThreadHeaders = { messageId: string | null; inReplyTo: string | null; references: string[]; baseSubject: string; isReply: boolean };

const SUBJECT_FALLBACK_DAYS = 30;
/** References looked up per message: the newest ones; a longer chain adds nothing but cost. */
const REFERENCES_CONSULTED = 50;

/**
 * The conversations new messages of one mailbox belong to, in order (RFC 5256 REFERENCES, adapted
 * to a stored id). For each message:
 * 1. the thread of any message in this mailbox, or earlier in `messages`, that it references;
 * 2. else an id derived from the thread's root Message-ID (its first reference, or its own), so a
 *    parent that arrives after its reply, even in another process, lands in the same thread;
 * 3. a reply with no references at all joins the latest message with the same base subject
 *    from the last 30 days (the subject fallback).
 * One query answers the references of the whole group (this runs for every delivered message).
 */
export async function assignThreadIds(sql: Sql, mailboxId: string, messages: ThreadHeaders[], now = new Date()): Promise<string[]> {
  const referencesOf = (headers: ThreadHeaders) => [...headers.references, headers.inReplyTo].filter((id): id is string => Boolean(id)).slice(-REFERENCES_CONSULTED);
  const threadOfMessageId = await findThreads(sql, mailboxId, [...new Set(messages.flatMap(referencesOf))]);
  const threadOfSubject = new Map<string, string>();
  const assigned: string[] = [];
  for (const headers of messages) {
    const referenced = referencesOf(headers);
    let threadId: string | undefined;
    if (referenced.length > 0) {
      threadId = referenced.map((id) => threadOfMessageId.get(id)).find(Boolean);
    } else if (headers.isReply && headers.baseSubject !== "") {
      threadId = threadOfSubject.get(headers.baseSubject) ?? (await findSubjectSibling(sql, mailboxId, headers.baseSubject, now));
    }
    threadId ??= derivedThreadId(mailboxId, headers);
    if (headers.messageId && !threadOfMessageId.has(headers.messageId)) threadOfMessageId.set(headers.messageId, threadId);
    if (headers.baseSubject !== "") threadOfSubject.set(headers.baseSubject, threadId);
    assigned.push(threadId);
  }
  return assigned;
}

async function findThreads(sql: Sql, mailboxId: string, messageIds: string[]): Promise<Map<string, string>> {
  const threads = new Map<string, string>();
  for (let i = 0; i < messageIds.length; i += 500) {
    const chunk = messageIds.slice(i, i + 500);
    const rows = await sql.query<{ messageIdHeader: string; threadId: string }>(
      `SELECT "messageIdHeader", "threadId" FROM "Message" WHERE "mailboxId" = ? AND "messageIdHeader" IN (${chunk.map(() => "?").join(", ")})`,
      [mailboxId, ...chunk],
    );
    for (const row of rows) threads.set(row.messageIdHeader, row.threadId);
  }
  return threads;
}

async function findSubjectSibling(sql: Sql, mailboxId: string, baseSubject: string, now: Date): Promise<string | undefined> {
  const since = new Date(now.getTime() - SUBJECT_FALLBACK_DAYS * 86_400_000);
  const [sibling] = await sql.query<{ threadId: string }>(
    `SELECT "threadId" FROM "Message" WHERE "mailboxId" = ? AND "baseSubject" = ? AND "internalDate" >= ? ORDER BY "internalDate" DESC LIMIT 1`,
    [mailboxId, baseSubject, since],
  );
  return sibling?.threadId;
}

function derivedThreadId(mailboxId: string, headers: ThreadHeaders): string {
  const root = headers.references[0] ?? headers.inReplyTo ?? headers.messageId;
  const seed = root ?? randomUUID();
  return createHash("sha256").update(`${mailboxId}\n${seed}`).digest("base64url").slice(0, 22);
}
