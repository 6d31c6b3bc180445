"use server";

import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { retryNow } from "@/lib/queue/retry-now";
import { dropRecipient } from "@/lib/queue/drop-recipient";

export type QueueRowState = { error?: string };

const RecipientForm = z.object({ recipientId: z.string().min(1).max(64) });

export async function retryNowAction(_previous: QueueRowState, form: FormData): Promise<QueueRowState> {
  return changeRecipient(form, retryNow);
}

export async function dropRecipientAction(_previous: QueueRowState, form: FormData): Promise<QueueRowState> {
  return changeRecipient(form, dropRecipient);
}

/** Validates the row's form, calls the service, and turns what staff can act on into the row's message. */
async function changeRecipient(form: FormData, change: typeof retryNow | typeof dropRecipient): Promise<QueueRowState> {
  const actor = await requirePrincipal();
  const parsed = RecipientForm.safeParse({ recipientId: form.get("recipientId") });
  if (!parsed.success) return { error: "This row is not valid any more: reload the page." };
  try {
    await change(await getDb(), { actor, clientIp: clientIpOf(await headers()), recipientId: parsed.data.recipientId });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && ["NOT_FOUND", "CONFLICT", "INVALID_INPUT"].includes(error.code)) return { error: error.message };
    throw error;
  }
  revalidatePath("/staff/queue");
  return {};
}
