"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so for two seconds; says why when the browser refuses. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      // navigator.clipboard exists only on secure origins (https, localhost) and may be denied.
      setStatus("failed");
    }
    setTimeout(() => setStatus("idle"), 2_000);
  };
  return (
    <button type="button" onClick={copy} aria-label={`${label}: ${text.slice(0, 60)}`} className="shrink-0 rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
      {status === "copied" ? "Copied" : status === "failed" ? "Select and copy" : label}
    </button>
  );
}
