"use client";
import { useEffect, useRef } from "react";

/**
 * Calls `onChange` when the mailbox changes anywhere (new mail through the MX, an IMAP client,
 * another tab): the server's change feed as server-sent events. Bursts (a dozen messages arriving
 * at once) become one call; EventSource reconnects by itself after a dropped connection, and the
 * reconnect itself counts as a change, since events may have been missed meanwhile.
 */
export function useLiveChanges(onChange: () => void) {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);
  useEffect(() => {
    const source = new EventSource("/api/mail/events");
    let timer: ReturnType<typeof setTimeout> | undefined;
    let hasConnected = false;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), 150);
    };
    source.addEventListener("change", changed);
    source.addEventListener("ready", () => {
      if (hasConnected) changed();
      hasConnected = true;
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
}
