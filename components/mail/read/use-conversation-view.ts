"use client";
import { useCallback, useSyncExternalStore } from "react";

const CHANGED = "mailwright:conversation-view";

function subscribe(onChange: () => void) {
  // "storage" brings another tab's choice; our own event this tab's.
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/**
 * Whether the list groups messages into conversations: a choice of this browser's, per mailbox
 * (two people sharing a computer keep their own), in localStorage. The server renders the plain
 * list; the browser switches after hydration.
 */
export function useConversationView(mailboxId: string): [boolean, (isOn: boolean) => void] {
  const key = `mailwright:${mailboxId}:conversation-view`;
  const isOn = useSyncExternalStore(subscribe, () => window.localStorage.getItem(key) === "1", () => false);
  const set = useCallback(
    (next: boolean) => {
      if (next) window.localStorage.setItem(key, "1");
      else window.localStorage.removeItem(key);
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [isOn, set];
}
