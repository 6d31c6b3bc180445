import { listMaildrop, readMaildropMessage, type MaildropMessage } from "../../lib/store/pop3-maildrop.ts";
import { toWireForm } from "./protocol/wire-form.ts";
import { err, type Pop3Deps, type Reply } from "./session.ts";

/** A message as a session numbers and marks it. */
export type SessionMessage = MaildropMessage & { number: number; wireSize: number | null; isMarkedDeleted: boolean; isRetrieved: boolean };

/** The maildrop a TRANSACTION works on: a snapshot of INBOX at login (RFC 1939 §4), numbered from 1. */
export type OpenMaildrop = { mailboxId: string; folderId: string; uidValidity: bigint; messages: SessionMessage[] };

/** Blob reads at once while filling in wire sizes. */
const READ_CONCURRENCY = 8;

export async function openMaildrop(deps: Pop3Deps, mailboxId: string): Promise<OpenMaildrop> {
  const listed = await listMaildrop(deps.store, mailboxId);
  return {
    mailboxId,
    folderId: listed.folderId,
    uidValidity: listed.uidValidity,
    messages: listed.messages.map((message, i) => ({ ...message, number: i + 1, wireSize: deps.wireSizes.get(message.blobHash) ?? null, isMarkedDeleted: false, isRetrieved: false })),
  };
}

/** The wire size of every message, reading (once per process, wire-sizes.ts) those not known yet. */
export async function fillWireSizes(deps: Pop3Deps, maildrop: OpenMaildrop): Promise<void> {
  const missing = maildrop.messages.filter((message) => message.wireSize === null);
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const message = missing[next++]!;
      await readWireForm(deps, message);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, missing.length) }, worker));
}

/** A message's bytes as RETR sends them; learns its wire size on the way. */
export async function readWireForm(deps: Pop3Deps, message: SessionMessage): Promise<Buffer> {
  const wire = toWireForm(await readMaildropMessage(deps.store, message));
  message.wireSize = wire.length;
  deps.wireSizes.set(message.blobHash, wire.length);
  return wire;
}

/** The message numbered `number`, or the -ERR for a number that names none or one marked deleted (RFC 1939 §5). */
export function messageNumbered(maildrop: OpenMaildrop, number: number): SessionMessage | Reply {
  const message = maildrop.messages[number - 1];
  if (!message) return err(`There is no message ${number}`);
  if (message.isMarkedDeleted) return err(`Message ${number} is already deleted`);
  return message;
}

export function isReply(value: SessionMessage | Reply): value is Reply {
  return "ok" in value;
}

/** RFC 1939 §7 UIDL: 1-70 characters 0x21-0x7E, the same for the message in every session. The
 *  folder's UIDVALIDITY changes only if INBOX were re-created, and then every UID is new anyway. */
export function uniqueIdOf(maildrop: OpenMaildrop, message: SessionMessage): string {
  return `${maildrop.uidValidity}.${message.uid}`;
}

export function liveMessages(maildrop: OpenMaildrop): SessionMessage[] {
  return maildrop.messages.filter((message) => !message.isMarkedDeleted);
}
