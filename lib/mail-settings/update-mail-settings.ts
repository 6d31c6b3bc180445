import { z } from "zod";
import type { Db } from "../db.ts";
import { invalidInput } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { dayStartInZone } from "../store/day-start-in-zone.ts";
import { DEFAULT_MAIL_SETTINGS, toMailSettingsView, type MailSettingsView } from "./get-mail-settings.ts";
import { canonicalTimeZone } from "./time-zone.ts";

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date is written YYYY-MM-DD")
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), "not a real date");

/** Every field is optional: what is left out keeps its value (the reading pane changes loadRemoteImages alone). */
export const UpdateMailSettingsInput = z.object({
  signature: z.string().max(10_000, "at most 10,000 characters").optional(),
  timeZone: z
    .string()
    .trim()
    .transform((name, ctx) => {
      const zone = canonicalTimeZone(name);
      if (zone === null) ctx.addIssue({ code: "custom", message: `"${name.slice(0, 60)}" is not a known time zone` });
      return zone ?? name;
    })
    .optional(),
  theme: z.enum(["light", "dark", "system"]).optional(),
  loadRemoteImages: z.boolean().optional(),
  vacation: z
    .object({
      isEnabled: z.boolean(),
      subject: z.string().trim().max(200, "at most 200 characters"),
      body: z.string().max(10_000, "at most 10,000 characters"),
      startDate: Day.nullable(),
      endDate: Day.nullable(),
      intervalDays: z.number().int().min(1, "at least 1 day").max(30, "at most 30 days"),
    })
    .refine((v) => v.startDate === null || v.endDate === null || v.endDate >= v.startDate, { message: "the last day cannot be before the first", path: ["endDate"] })
    .refine((v) => !v.isEnabled || v.body.trim() !== "", { message: "write the message to send while you are away", path: ["body"] })
    .optional(),
});

/**
 * Changes the actor's own webmail settings (created with the defaults on first save), audited.
 * The absence's days are taken in the zone being saved: it starts at its first day's midnight
 * there and ends at the midnight after its last. INVALID_INPUT names each bad field.
 */
export async function updateMailSettings(db: Db, input: { actor: Principal; clientIp?: string; settings: z.input<typeof UpdateMailSettingsInput> }): Promise<MailSettingsView> {
  const mailboxId = input.actor.mailboxId;
  assertAllowed(canReadMail(input.actor, mailboxId), "Only the mailbox itself can change its settings.");
  const parsed = UpdateMailSettingsInput.safeParse(input.settings);
  if (!parsed.success) throw invalidInput("Settings", parsed.error.issues);
  const { vacation, ...general } = parsed.data;
  return db.$transaction(async (tx) => {
    const current = (await tx.mailSettings.findUnique({ where: { mailboxId } })) ?? DEFAULT_MAIL_SETTINGS;
    const timeZone = general.timeZone ?? current.timeZone;
    const data = {
      ...general,
      ...(vacation && {
        vacationEnabled: vacation.isEnabled,
        vacationSubject: vacation.subject,
        vacationBody: vacation.body,
        vacationStartsAt: vacation.startDate === null ? null : dayStartInZone(vacation.startDate, timeZone),
        vacationEndsAt: vacation.endDate === null ? null : dayStartInZone(nextDay(vacation.endDate), timeZone),
        vacationIntervalDays: vacation.intervalDays,
      }),
    };
    const row = await tx.mailSettings.upsert({ where: { mailboxId }, create: { ...DEFAULT_MAIL_SETTINGS, ...data, mailboxId }, update: data });
    if (row.vacationEnabled && row.vacationEndsAt && row.vacationEndsAt.getTime() <= Date.now() && vacation?.isEnabled) {
      throw invalidInput("Settings", [{ path: ["vacation", "endDate"], message: "that day has passed: the absence has already ended" }]);
    }
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "mail-settings.update",
      targetType: "mailbox",
      targetId: mailboxId,
      clientIp: input.clientIp,
      // Which settings changed, not their text: a signature or an absence message is the user's own.
      details: { fields: Object.keys(data), ...(general.theme && { theme: general.theme }), ...(general.timeZone && { timeZone: general.timeZone }), ...(vacation && { vacationEnabled: vacation.isEnabled }) },
    });
    return toMailSettingsView(row, true);
  });
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
