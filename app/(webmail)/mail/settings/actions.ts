"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { updateMailSettings } from "@/lib/mail-settings/update-mail-settings";
import { getMailSettings } from "@/lib/mail-settings/get-mail-settings";
import { setOwnDisplayName } from "@/lib/directory/set-own-display-name";
import { stopRemoteImagesFrom } from "@/lib/mail-settings/stop-remote-images-from";

export type SettingsFormState = { error?: string; success?: string };

// The form's fields as strings (FormData); lib/mail-settings/update-mail-settings.ts checks the values.
const GeneralForm = z.object({
  displayName: z.string(),
  signature: z.string(),
  timeZone: z.string(),
  theme: z.string(),
  remoteImages: z.enum(["ask", "always"], { message: "Remote images: choose ask or always" }),
});

const VacationForm = z.object({
  isEnabled: z.string().optional(),
  subject: z.string(),
  body: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  intervalDays: z.coerce.number({ message: "Days between replies: a whole number" }),
  /** The browser's zone, taken for the days when the mailbox has never chosen one. */
  browserTimeZone: z.string().max(100).optional(),
});

const RemoveSender = z.object({ address: z.string().min(1).max(320) });

/** Labels of the settings' fields, so an error reads "Time zone: …" rather than a path. */
const FIELD_LABELS: Record<string, string> = {
  displayName: "Display name",
  signature: "Signature",
  timeZone: "Time zone",
  theme: "Theme",
  "vacation.subject": "Subject",
  "vacation.body": "Message",
  "vacation.startDate": "First day",
  "vacation.endDate": "Last day",
  "vacation.intervalDays": "Days between replies",
};

export async function saveGeneralSettingsAction(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await requirePrincipal();
  const parsed = GeneralForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
  const { displayName, signature, timeZone, theme, remoteImages } = parsed.data;
  const db = await getDb();
  const clientIp = clientIpOf(await headers());
  try {
    // Settings first: when they are refused, the name is left as it was too.
    await updateMailSettings(db, { actor, clientIp, settings: { signature, timeZone, theme: theme as "light" | "dark" | "system", loadRemoteImages: remoteImages === "always" } });
    if (displayName.trim() !== actor.displayName) await setOwnDisplayName(db, { actor, clientIp, displayName });
  } catch (error) {
    return { error: describeError(error) };
  }
  revalidatePath("/mail", "layout");
  return { success: "Settings saved." };
}

export async function saveVacationAction(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await requirePrincipal();
  const parsed = VacationForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form." };
  const { isEnabled, subject, body, startDate, endDate, intervalDays, browserTimeZone } = parsed.data;
  const db = await getDb();
  try {
    const { hasChosenTimeZone } = await getMailSettings(db, { actor });
    await updateMailSettings(db, {
      actor,
      clientIp: clientIpOf(await headers()),
      settings: {
        ...(!hasChosenTimeZone && browserTimeZone && { timeZone: browserTimeZone }),
        vacation: { isEnabled: isEnabled === "on", subject, body, startDate: startDate || null, endDate: endDate || null, intervalDays },
      },
    });
  } catch (error) {
    return { error: describeError(error) };
  }
  revalidatePath("/mail/settings");
  return { success: isEnabled === "on" ? "Vacation reply on." : "Vacation reply saved (off)." };
}

export async function stopRemoteImagesAction(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await requirePrincipal();
  const parsed = RemoveSender.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "No sender given." };
  try {
    await stopRemoteImagesFrom(await getDb(), { actor, clientIp: clientIpOf(await headers()), address: parsed.data.address });
  } catch (error) {
    return { error: describeError(error) };
  }
  revalidatePath("/mail/settings");
  return { success: `Images from ${parsed.data.address} will be asked about again.` };
}

/** A refusal the user can act on, with the field named as the form names it; anything else is a bug. */
function describeError(error: unknown): string {
  if (!isAppError(error) || !["INVALID_INPUT", "FORBIDDEN"].includes(error.code)) throw error;
  const problems = error.details.problems;
  if (!Array.isArray(problems)) return error.message;
  return problems
    .map((problem: string) => {
      const [path, ...rest] = problem.split(": ");
      const label = FIELD_LABELS[path ?? ""];
      return label ? `${label}: ${rest.join(": ")}` : problem;
    })
    .join(". ");
}
