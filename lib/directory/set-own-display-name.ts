import { z } from "zod";
import type { Db } from "../db.ts";
import { invalidInput } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

// Control characters would let a name break a From header line.
const DisplayName = z.string().trim().max(200, "at most 200 characters").regex(/^[^\p{Cc}]*$/u, "no control characters");

/** The mailbox's name in From of the mail it sends from the webmail, changed by the mailbox itself; audited. */
export async function setOwnDisplayName(db: Db, input: { actor: Principal; clientIp?: string; displayName: string }): Promise<string> {
  const mailboxId = input.actor.mailboxId;
  // canReadMail: the webmail's settings are the mailbox's own, not its managers' nor staff's.
  assertAllowed(canReadMail(input.actor, mailboxId), "Only the mailbox itself can change its name here.");
  const parsed = DisplayName.safeParse(input.displayName);
  if (!parsed.success) throw invalidInput("Display name", parsed.error.issues);
  await db.$transaction(async (tx) => {
    await tx.mailbox.update({ where: { id: mailboxId }, data: { displayName: parsed.data } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.display-name.change", targetType: "mailbox", targetId: mailboxId, clientIp: input.clientIp, details: { displayName: parsed.data } });
  });
  return parsed.data;
}
