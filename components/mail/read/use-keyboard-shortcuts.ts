"use client";
import { useEffect, useRef } from "react";

/** Keys as Gmail and Fastmail users know them; `?` lists them (keyboard-help.tsx). */
export const SHORTCUTS = [
  ["j / k", "next / previous message"],
  ["o or Enter", "open the first message"],
  ["u or Escape", "back to the list"],
  ["r", "reply"],
  ["a", "reply all"],
  ["f", "forward"],
  ["e", "archive"],
  ["#", "delete"],
  ["s", "flag or unflag"],
  ["x", "select or unselect"],
  ["/", "search"],
  ["c", "compose"],
  ["?", "this help"],
] as const;

/**
 * Calls `onKey` for single keys pressed outside text fields (typing an "e" in the search box must
 * not archive anything) and without Ctrl, Alt or Meta (those belong to the browser).
 */
export function useKeyboardShortcuts(onKey: (key: string) => boolean) {
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  }, [onKey]);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (latest.current(event.key)) event.preventDefault();
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
