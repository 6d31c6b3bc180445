"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { INPUT_CLASS, LABEL_CLASS } from "./field-styles";

/**
 * An IANA zone typed with suggestions (a datalist of every zone the browser knows). A mailbox that
 * never chose one starts from the browser's own zone rather than the stored default (UTC).
 */
export function TimeZoneField({ value, hasChosen }: { value: string; hasChosen: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // After hydration: the server cannot know the browser's zone, so it renders the stored one.
    if (!hasChosen && input.current) input.current.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }, [hasChosen]);
  // The browser's list, after hydration only: the server's ICU may know other zones.
  const zones = useSyncExternalStore(subscribeToNothing, browserZones, () => NO_ZONES);
  return (
    <label className={LABEL_CLASS}>
      Time zone
      <input ref={input} name="timeZone" defaultValue={value} list="time-zones" required autoComplete="off" spellCheck={false} className={INPUT_CLASS} />
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <span className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">Dates in the mail list and in searches (before:, after:) use this zone.</span>
    </label>
  );
}

const NO_ZONES: string[] = [];
let knownZones: string[] | undefined;

function browserZones(): string[] {
  knownZones ??= typeof Intl.supportedValuesOf === "function" ? ["UTC", ...Intl.supportedValuesOf("timeZone")] : ["UTC"];
  return knownZones;
}

function subscribeToNothing(): () => void {
  return () => {};
}
