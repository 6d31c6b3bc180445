import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, isAdmin } from "../auth/permissions.ts";
import { checkPasswordRules, hashPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { parseAddress } from "./address.ts";
import { createDefaultFolders } from "../store/default-folders.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { buildWelcomeMessage } from "./build-welcome-message.ts";

export const CreateMailboxInput = z.object({
  address: z.string().min(3).max(254),
  password: z.string(),
  displayName: z.string().trim().max(200).default(""),
  accessLevel: z.enum(["FULL_MANAGEMENT", "SELF"]).default("SELF"),
  role: z.enum(["STAFF", "ADMIN"]).nullable().default(null),
  quotaBytes: z.bigint().positive().default(1_073_741_824n),
  welcomeMessage: z.string().trim().max(10_000, "The welcome message must be at most 10,000 characters.").default(""),
});

/**
 * Creates a mailbox, with its default folders, in one of the account's domains. Whoever manages
 * the domain's account may; giving it a platform role takes an ADMIN. An optional welcome message
 * is delivered into its INBOX through ingestMessage (so `options.store` is then required), after
 * the mailbox is committed: should that delivery fail, the mailbox exists without it.
 */
export async function createMailbox(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateMailboxInput>, options: { store?: StoreDeps } = {}) {
  const parsed = CreateMailboxInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailbox", parsed.error.issues);
  const { password, displayName, accessLevel, role, quotaBytes, welcomeMessage } = parsed.data;
  if (welcomeMessage && !options.store) throw new AppError("INVALID_INPUT", "A welcome message needs the message store.");
  const { localPart, domain: domainName, address } = parseAddress(parsed.data.address);
  const passwordProblem = checkPasswordRules(password, address);
  if (passwordProblem) throw new AppError("INVALID_INPUT", passwordProblem);
  if (role) assertAllowed(isAdmin(input.actor), "Only an administrator can make a mailbox provider staff.");

  const domain = await db.domain.findUnique({ where: { name: domainName } });
  if (!domain) throw new AppError("NOT_FOUND", `${domainName} is not a domain of this service.`);
  assertAllowed(canManageAccount(input.actor, domain.accountId), "Only a mailbox with full management access can create mailboxes in this account.");
  const passwordHash = await hashPassword(password);

  const created = await db.$transaction(async (tx) => {
    const taken =
      (await tx.mailbox.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart } } })) ??
      (await tx.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart } } }));
    if (taken) throw new AppError("CONFLICT", `${address} already exists.`);
    const mailbox = await tx.mailbox.create({
      data: { localPart, domainId: domain.id, accountId: domain.accountId, displayName, passwordHash, accessLevel, role, quotaBytes },
    });
    await createDefaultFolders(tx, mailbox.id);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "mailbox.create",
      targetType: "mailbox",
      targetId: mailbox.id,
      clientIp: input.clientIp,
      details: { address, accessLevel, role, hasWelcomeMessage: welcomeMessage !== "" },
    });
    return mailbox;
  });
  if (welcomeMessage && options.store) {
    const from = input.actor.kind === "mailbox" ? input.actor.address : `postmaster@${domainName}`;
    await ingestMessage(options.store, { mailboxId: created.id, folder: "INBOX", source: "import", raw: buildWelcomeMessage({ to: address, from, text: welcomeMessage }) });
  }
  return created;
}
