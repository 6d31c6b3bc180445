import type { DbClient } from "../audit/record-audit-event.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { dayInZone } from "./time-zone.ts";

export type Theme = "light" | "dark" | "system";

export type MailSettingsView = {
  signature: string;
  timeZone: string;
  /** False until the mailbox first saves its settings: the page then offers the browser's zone. */
  hasChosenTimeZone: boolean;
  loadRemoteImages: boolean;
  theme: Theme;
  vacation: {
    isEnabled: boolean;
    subject: string;
    body: string;
    /** First day of the absence (YYYY-MM-DD in `timeZone`), or null: from now. */
    startDate: string | null;
    /** Last day of the absence, or null: until turned off. */
    endDate: string | null;
    /** The stored instants, for the MX: replies go out from `startsAt` and before `endsAt`. */
    startsAt: Date | null;
    endsAt: Date | null;
    intervalDays: number;
  };
};

export const DEFAULT_MAIL_SETTINGS = {
  signature: "",
  timeZone: "UTC",
  loadRemoteImages: false,
  theme: "system",
  vacationEnabled: false,
  vacationSubject: "",
  vacationBody: "",
  vacationStartsAt: null,
  vacationEndsAt: null,
  vacationIntervalDays: 7,
} as const;

/** The actor's own webmail settings; the defaults when it never saved any. */
export async function getMailSettings(db: DbClient, input: { actor: Principal }): Promise<MailSettingsView> {
  assertAllowed(canReadMail(input.actor, input.actor.mailboxId), "Only the mailbox itself can see its settings.");
  const row = await db.mailSettings.findUnique({ where: { mailboxId: input.actor.mailboxId } });
  return toMailSettingsView(row ?? DEFAULT_MAIL_SETTINGS, row !== null);
}

type SettingsColumns = {
  signature: string;
  timeZone: string;
  loadRemoteImages: boolean;
  theme: string;
  vacationEnabled: boolean;
  vacationSubject: string;
  vacationBody: string;
  vacationStartsAt: Date | null;
  vacationEndsAt: Date | null;
  vacationIntervalDays: number;
};

/** The row as the webmail shows it: the absence's days in the mailbox's zone (its end is stored as the next day's start). */
export function toMailSettingsView(row: SettingsColumns, isSaved: boolean): MailSettingsView {
  const theme: Theme = row.theme === "light" || row.theme === "dark" ? row.theme : "system";
  return {
    signature: row.signature,
    timeZone: row.timeZone,
    hasChosenTimeZone: isSaved,
    loadRemoteImages: row.loadRemoteImages,
    theme,
    vacation: {
      isEnabled: row.vacationEnabled,
      subject: row.vacationSubject,
      body: row.vacationBody,
      startDate: row.vacationStartsAt ? dayInZone(row.vacationStartsAt, row.timeZone) : null,
      endDate: row.vacationEndsAt ? dayInZone(new Date(row.vacationEndsAt.getTime() - 1), row.timeZone) : null,
      startsAt: row.vacationStartsAt,
      endsAt: row.vacationEndsAt,
      intervalDays: row.vacationIntervalDays,
    },
  };
}
