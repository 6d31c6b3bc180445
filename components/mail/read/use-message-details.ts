"use client";
import { useEffect, useRef, useState } from "react";
import type { MessageDetails } from "./mail-types";

type Loaded = { id: string; details: MessageDetails | null; error: string | null };

/**
 * One message's headers and attachments from /api/mail/messages/[id], read again when
 * `refreshToken` changes; the first time it is seen unread it is marked seen on the server and
 * `onSeen` is called (once per opening: after "Mark unread" the reloaded message stays unread).
 */
export function useMessageDetails(messageId: string, refreshToken: number, onSeen: (id: string, folderId: string) => void) {
  const [loaded, setLoaded] = useState<Loaded>({ id: "", details: null, error: null });
  const markedSeen = useRef<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const response = await fetch(`/api/mail/messages/${encodeURIComponent(messageId)}`);
      if (!isCurrent) return;
      if (!response.ok) {
        setLoaded({ id: messageId, details: null, error: response.status === 404 ? "This message does not exist (any more)." : "The message could not be loaded." });
        return;
      }
      const details = (await response.json()) as MessageDetails;
      if (!isCurrent) return;
      setLoaded({ id: messageId, details, error: null });
      if (!details.isSeen && markedSeen.current !== messageId) {
        markedSeen.current = messageId;
        const seen = await fetch(`/api/mail/messages/${encodeURIComponent(messageId)}/seen`, { method: "POST" });
        if (seen.ok) onSeen(messageId, details.folderId);
      }
    })();
    return () => {
      isCurrent = false;
    };
  }, [messageId, onSeen, refreshToken]);
  return loaded.id === messageId ? { details: loaded.details, error: loaded.error } : { details: null, error: null };
}
