"use client";
// A time in the reader's own zone, next to the UTC time the server wrote: rendered in the browser
// (the server does not know the reader's zone), empty in the server's HTML.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
      const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
      return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} (${zone})`;
    },
    () => "",
  );
  return text ? (
    <span className="text-slate-500" data-testid="local-time">
      {" "}
      · your time: {text}
    </span>
  ) : null;
}
