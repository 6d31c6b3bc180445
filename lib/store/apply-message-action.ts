import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import type { SpecialUse } from "../generated/postgres/client.ts";
import { findFolder } from "./find-folder.ts";
import { updateFlags } from "./update-flags.ts";
import { moveMessages } from "./transfer-messages.ts";
import { expungeMessages } from "./expunge-messages.ts";
import type { UidRanges } from "./uid-ranges.ts";

/**
 * What the webmail does to selected messages. `trash` from Trash (or Junk) deletes for good, as
 * every mail client does; `junk` and `notjunk` move and set the $Junk / $NotJunk keywords
 * (RFC 5788) that IMAP clients and filters read.
 */
export const MessageActionInput = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["read", "unread", "flag", "unflag", "trash", "archive", "junk", "notjunk", "delete"]), ids: z.array(z.string().min(1).max(64)).min(1).max(1_000) }),
  z.object({ action: z.literal("move"), ids: z.array(z.string().min(1).max(64)).min(1).max(1_000), folderId: z.string().min(1).max(64) }),
]);
export type MessageAction = z.infer<typeof MessageActionInput>;

export type MessageActionResult = {
  /** Messages the action applied to (ids of other mailboxes' or vanished messages are skipped). */
  count: number;
  /** Moved messages: their new ids and the folder each came from, so the webmail can undo the move. */
  moved: { id: string; fromFolderId: string }[];
};

const FLAG_CHANGES = {
  read: { mode: "add", flags: ["\\Seen"] },
  unread: { mode: "remove", flags: ["\\Seen"] },
  flag: { mode: "add", flags: ["\\Flagged"] },
  unflag: { mode: "remove", flags: ["\\Flagged"] },
} as const;

const MOVE_TARGETS: Record<"trash" | "archive" | "junk" | "notjunk", SpecialUse> = { trash: "TRASH", archive: "ARCHIVE", junk: "JUNK", notjunk: "INBOX" };

export async function applyMessageAction(db: Db, input: { actor: Actor } & z.input<typeof MessageActionInput>): Promise<MessageActionResult> {
  const parsed = MessageActionInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Message action", parsed.error.issues);
  const request = parsed.data;
  const { actor } = input;
  if (actor.kind !== "mailbox") throw new AppError("FORBIDDEN", "Only a mailbox acts on its mail.");
  const mailboxId = actor.mailboxId;
  assertAllowed(canReadMail(actor, mailboxId), "Mail is read and changed only by its own mailbox.");

  // Only the actor's own messages: another mailbox's ids are skipped as if they did not exist.
  const messages = await db.message.findMany({ where: { id: { in: request.ids }, mailboxId }, select: { id: true, uid: true, folderId: true, folder: { select: { specialUse: true } } } });
  if (messages.length === 0) throw new AppError("NOT_FOUND", "None of these messages exists (any more).");
  const byFolder = new Map<string, typeof messages>();
  for (const message of messages) byFolder.set(message.folderId, [...(byFolder.get(message.folderId) ?? []), message]);
  const result: MessageActionResult = { count: messages.length, moved: [] };

  for (const [folderId, inFolder] of byFolder) {
    const folder = { id: folderId };
    const uids = toRanges(inFolder.map((message) => message.uid));
    const { action } = request;
    if (action === "read" || action === "unread" || action === "flag" || action === "unflag") {
      await updateFlags(db, { mailboxId, folder, uids, ...FLAG_CHANGES[action] });
      continue;
    }
    const specialUse = inFolder[0]!.folder.specialUse;
    if (action === "delete" || (action === "trash" && (specialUse === "TRASH" || specialUse === "JUNK"))) {
      await updateFlags(db, { mailboxId, folder, uids, mode: "add", flags: ["\\Deleted"] });
      await expungeMessages(db, { mailboxId, folder, uids });
      continue;
    }
    const target = await findFolder(db, mailboxId, request.action === "move" ? { id: request.folderId } : { specialUse: MOVE_TARGETS[action as keyof typeof MOVE_TARGETS] });
    if (target.id === folderId) continue; // already there: nothing to do, nothing to undo
    if (action === "junk" || action === "notjunk") {
      const [set, clear] = action === "junk" ? ["$Junk", "$NotJunk"] : ["$NotJunk", "$Junk"];
      await updateFlags(db, { mailboxId, folder, uids, mode: "add", flags: [set] });
      await updateFlags(db, { mailboxId, folder, uids, mode: "remove", flags: [clear] });
    }
    const { pairs } = await moveMessages(db, { mailboxId, from: folder, to: { id: target.id }, uids });
    const movedRows = await db.message.findMany({ where: { folderId: target.id, uid: { in: pairs.map((pair) => pair.to) } }, select: { id: true } });
    result.moved.push(...movedRows.map((row) => ({ id: row.id, fromFolderId: folderId })));
  }
  return result;
}

/** Sorted UIDs as the fewest ranges: a selection of consecutive messages is one range. */
function toRanges(uids: number[]): UidRanges {
  const sorted = [...uids].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const uid of sorted) {
    const last = ranges.at(-1);
    if (last && uid === last[1] + 1) last[1] = uid;
    else ranges.push([uid, uid]);
  }
  return ranges;
}
