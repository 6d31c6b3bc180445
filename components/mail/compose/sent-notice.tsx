"use client";

import { useEffect, useState } from "react";
import { useSearchParams } from "next/navigation";

/**
 * "Message sent" after the compose form's Send, which returns to `/mail?notice=sent`. Meant for the
 * /mail page (or the webmail layout) to render once; the parameter is taken off the address so a
 * reload does not say it again.
 */
export function SentNotice() {
  const params = useSearchParams();
  // Read once, when the page opens after a send; a layout that stays mounted should key it by path.
  const [isShown, setIsShown] = useState(() => params.get("notice") === "sent");
  useEffect(() => {
    if (!isShown) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("notice");
    window.history.replaceState(window.history.state, "", url);
    const timer = setTimeout(() => setIsShown(false), 5000);
    return () => clearTimeout(timer);
  }, [isShown]);
  if (!isShown) return null;
  return (
    <p role="status" data-testid="sent-notice" className="fixed bottom-4 left-1/2 z-50 -translate-x-1/2 rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900">
      Message sent
    </p>
  );
}
