"use client";

import { useActionState } from "react";
import { saveGeneralSettingsAction, type SettingsFormState } from "@/app/(webmail)/mail/settings/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";
import { BUTTON_CLASS, INPUT_CLASS, LABEL_CLASS } from "./field-styles";
import { TimeZoneField } from "./time-zone-field";

type Props = { displayName: string; signature: string; timeZone: string; hasChosenTimeZone: boolean; loadRemoteImages: boolean; theme: "light" | "dark" | "system" };

const THEMES = [
  { value: "system", label: "Same as the device" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;

/** Name, signature, time zone, remote images and theme: saved together. */
export function GeneralSettingsForm(props: Props) {
  const [state, formAction, isPending] = useActionState<SettingsFormState, FormData>(saveGeneralSettingsAction, {});
  return (
    <form action={formAction} className="space-y-4" aria-label="General settings">
      <label className={LABEL_CLASS}>
        Display name
        <input name="displayName" defaultValue={props.displayName} maxLength={200} autoComplete="name" className={INPUT_CLASS} />
        <span className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">Shown as the sender of the mail you write.</span>
      </label>
      <label className={LABEL_CLASS}>
        Signature
        <textarea name="signature" defaultValue={props.signature} rows={4} maxLength={10_000} className={`${INPUT_CLASS} font-mono text-sm`} />
      </label>
      <TimeZoneField value={props.timeZone} hasChosen={props.hasChosenTimeZone} />
      <fieldset>
        <legend className={LABEL_CLASS}>Remote images</legend>
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="remoteImages" value="ask" defaultChecked={!props.loadRemoteImages} /> Ask before showing them
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="remoteImages" value="always" defaultChecked={props.loadRemoteImages} /> Always show them
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend className={LABEL_CLASS}>Theme</legend>
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          {THEMES.map((theme) => (
            <label key={theme.value} className="flex items-center gap-2">
              <input type="radio" name="theme" value={theme.value} defaultChecked={props.theme === theme.value} /> {theme.label}
            </label>
          ))}
        </div>
      </fieldset>
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
      <button type="submit" disabled={isPending} className={BUTTON_CLASS}>
        {isPending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
