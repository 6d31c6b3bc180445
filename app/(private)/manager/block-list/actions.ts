"use server";

import { z } from "zod";
import { addBlockEntry } from "@/lib/delivery/add-block-entry";
import { removeBlockEntry } from "@/lib/delivery/remove-block-entry";
import { runDeliveryAction } from "@/app/(private)/manager/run-delivery-action";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";

const PATH = "/manager/block-list";
const Id = z.string().min(1).max(100);

/** Adds an entry to an account's list ("global" in `accountId`: the list for every account, staff only). */
export async function addBlockEntryAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  const Form = z.object({ accountId: Id, kind: z.enum(["ADDRESS", "DOMAIN", "IP"]), value: z.string().trim().min(1, "Enter what to block.").max(254), note: z.string().trim().max(200).default("") });
  return runDeliveryAction(form, Form, PATH, async (db, context, input) => {
    const entry = await addBlockEntry(db, { ...context, ...input, accountId: input.accountId === "global" ? null : input.accountId });
    return `Blocked ${entry.value}.`;
  });
}

export async function removeBlockEntryAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ entryId: Id }), PATH, async (db, context, input) => {
    await removeBlockEntry(db, { ...context, ...input });
    return "Removed.";
  });
}

/**
 * "Block this sender", for a button anywhere in the app (a message view, the reject log): a form
 * with a hidden `address` field. Blocks the address for the signed-in manager's own account.
 */
export async function blockSenderAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ address: z.string().trim().min(3).max(254) }), PATH, async (db, context, input) => {
    const entry = await addBlockEntry(db, { ...context, accountId: context.actor.accountId, kind: "ADDRESS", value: input.address, note: "Blocked with one click" });
    return `Mail from ${entry.value} is refused from now on.`;
  });
}
