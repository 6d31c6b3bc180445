"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * A time in the viewer's own zone: only the browser knows it, so the server renders nothing here
 * and the browser fills it in (no mismatch between the two renders).
 */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }),
    () => "",
  );
  return <time dateTime={iso}>{text}</time>;
}
