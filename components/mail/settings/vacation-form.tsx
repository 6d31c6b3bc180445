"use client";

import { useActionState, useEffect, useRef } from "react";
import { saveVacationAction, type SettingsFormState } from "@/app/(webmail)/mail/settings/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";
import type { MailSettingsView } from "@/lib/mail-settings/get-mail-settings";
import { BUTTON_CLASS, INPUT_CLASS, LABEL_CLASS } from "./field-styles";

/** The automatic reply while away: on/off, the days (in the mailbox's zone), the message, how often per sender. */
export function VacationForm({ vacation, timeZone, hasChosenTimeZone }: { vacation: Omit<MailSettingsView["vacation"], "startsAt" | "endsAt">; timeZone: string; hasChosenTimeZone: boolean }) {
  const [state, formAction, isPending] = useActionState<SettingsFormState, FormData>(saveVacationAction, {});
  const browserZone = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // A mailbox that never chose a zone saves this one with its days (as the general form offers it).
    if (browserZone.current) browserZone.current.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }, []);
  return (
    <form action={formAction} className="space-y-4" aria-label="Vacation reply">
      {!hasChosenTimeZone && <input ref={browserZone} type="hidden" name="browserTimeZone" />}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="isEnabled" defaultChecked={vacation.isEnabled} /> Send an automatic reply while I am away
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className={LABEL_CLASS}>
          First day
          <input type="date" name="startDate" defaultValue={vacation.startDate ?? ""} className={INPUT_CLASS} />
        </label>
        <label className={LABEL_CLASS}>
          Last day
          <input type="date" name="endDate" defaultValue={vacation.endDate ?? ""} className={INPUT_CLASS} />
        </label>
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">Days in {hasChosenTimeZone ? timeZone : "your time zone"}. Leave them empty to reply from now until you turn it off.</p>
      <label className={LABEL_CLASS}>
        Subject
        <input name="subject" defaultValue={vacation.subject} maxLength={200} placeholder="Re: (their subject)" className={INPUT_CLASS} />
      </label>
      <label className={LABEL_CLASS}>
        Message
        <textarea name="body" defaultValue={vacation.body} rows={5} maxLength={10_000} className={INPUT_CLASS} />
      </label>
      <label className={LABEL_CLASS}>
        Days between replies to the same sender
        <input type="number" name="intervalDays" defaultValue={vacation.intervalDays} min={1} max={30} required className={`${INPUT_CLASS} sm:w-32`} />
      </label>
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
      <button type="submit" disabled={isPending} className={BUTTON_CLASS}>
        {isPending ? "Saving…" : "Save vacation reply"}
      </button>
    </form>
  );
}
