"use server";

import { z } from "zod";
import { createAlias } from "@/lib/directory/create-alias";
import { setAliasTargets } from "@/lib/directory/set-alias-targets";
import { deleteAlias } from "@/lib/directory/delete-alias";
import { addForward } from "@/lib/directory/add-forward";
import { removeForward } from "@/lib/directory/remove-forward";
import { setForwardKeepsCopy } from "@/lib/directory/set-forward-keeps-copy";
import { runDeliveryAction } from "@/app/(private)/manager/run-delivery-action";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";

const PATH = "/manager/aliases";
const Id = z.string().min(1).max(100);
/** Checkboxes: a name ending in [] arrives as the list of the checked ones (none: absent). */
const TargetIds = z.array(Id).max(1000).default([]);

export async function createAliasAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  const Form = z.object({ localPart: z.string().trim().min(1, "Enter the alias's name.").max(64), domain: z.string().min(1).max(253), "targetMailboxIds[]": TargetIds });
  return runDeliveryAction(form, Form, PATH, async (db, context, input) => {
    const address = `${input.localPart}@${input.domain}`;
    await createAlias(db, { ...context, address, targetMailboxIds: input["targetMailboxIds[]"] });
    return `Created ${address.toLowerCase()}.`;
  });
}

export async function setAliasTargetsAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ aliasId: Id, "targetMailboxIds[]": TargetIds }), PATH, async (db, context, input) => {
    await setAliasTargets(db, { ...context, aliasId: input.aliasId, targetMailboxIds: input["targetMailboxIds[]"] });
    return "Saved.";
  });
}

export async function deleteAliasAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ aliasId: Id }), PATH, async (db, context, input) => {
    await deleteAlias(db, { ...context, ...input });
    return "Deleted.";
  });
}

export async function addForwardAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  const Form = z.object({ mailboxId: Id, address: z.string().trim().min(1, "Enter the address to forward to.").max(254), keepsCopy: z.literal("on").optional() });
  return runDeliveryAction(form, Form, PATH, async (db, context, input) => {
    const forward = await addForward(db, { ...context, mailboxId: input.mailboxId, address: input.address, keepsCopy: input.keepsCopy === "on" });
    return `Mail is now forwarded to ${forward.address}.`;
  });
}

export async function removeForwardAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ forwardId: Id }), PATH, async (db, context, input) => {
    await removeForward(db, { ...context, ...input });
    return "Forward removed.";
  });
}

export async function setForwardKeepsCopyAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ forwardId: Id, keepsCopy: z.enum(["true", "false"]) }), PATH, async (db, context, input) => {
    const forward = await setForwardKeepsCopy(db, { ...context, forwardId: input.forwardId, keepsCopy: input.keepsCopy === "true" });
    return forward.keepsCopy ? "A copy is kept." : "No copy is kept.";
  });
}
