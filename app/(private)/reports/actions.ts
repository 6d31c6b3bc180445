"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { addBlockEntry } from "@/lib/delivery/add-block-entry";
import { allowSender } from "@/lib/reports/allow-sender";
import { findReject } from "@/lib/reports/list-rejects";
import { setRejectDigest } from "@/lib/reports/send-reject-digests";
import { runDeliveryAction } from "@/app/(private)/manager/run-delivery-action";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";

const PATH = "/reports";
const RejectId = z.object({ rejectId: z.string().regex(/^\d{1,19}$/) });

/** The refusal a row action is about, read again (the form names only its id), or NOT_FOUND if the actor may not see it. */
async function rejectFor(db: Parameters<typeof findReject>[0], actor: Parameters<typeof findReject>[1]["actor"], id: string) {
  const reject = await findReject(db, { actor, id });
  if (!reject) throw new AppError("NOT_FOUND", "That refusal is no longer in the report.");
  if (!reject.mailFrom) throw new AppError("INVALID_INPUT", "A bounce (null sender) has no address to allow or block.");
  return reject;
}

/** "Allow this sender": the row's sender, to the row's mailbox, from its next attempt on. */
export async function allowSenderAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, RejectId, PATH, async (db, context, input) => {
    const reject = await rejectFor(db, context.actor, input.rejectId);
    if (!reject.mailboxId) throw new AppError("INVALID_INPUT", "This refusal was not for a mailbox of ours.");
    const { address } = await allowSender(db, { ...context, mailboxId: reject.mailboxId, address: reject.mailFrom });
    return `Mail from ${address} to ${reject.rcptTo} is accepted from now on.`;
  });
}

/** "Block this sender": the row's sender on the block list of the row's account (its managers only). */
export async function blockSenderAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, RejectId, PATH, async (db, context, input) => {
    const reject = await rejectFor(db, context.actor, input.rejectId);
    if (!reject.accountId) throw new AppError("INVALID_INPUT", "This refusal was not for an account of ours.");
    const entry = await addBlockEntry(db, { ...context, accountId: reject.accountId, kind: "ADDRESS", value: reject.mailFrom, note: "Blocked from the reject report" });
    return `Mail from ${entry.value} is refused from now on.`;
  });
}

/** The daily digest of yesterday's refusals, on or off, for the signed-in mailbox itself. */
export async function setRejectDigestAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ enabled: z.enum(["true", "false"]) }), PATH, async (db, context, input) => {
    await setRejectDigest(db, context.actor.mailboxId, input.enabled === "true");
    return input.enabled === "true" ? "You will get a summary of each day’s refused mail." : "No more daily summaries.";
  });
}
