"use client";
import { SHORTCUTS } from "./use-keyboard-shortcuts";

/** The list of keyboard shortcuts, opened with "?". */
export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Keyboard shortcuts" aria-modal="true" className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4" onClick={onClose}>
      <div className="w-full max-w-sm rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900" onClick={(event) => event.stopPropagation()}>
        <h2 className="mb-3 text-lg font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt className="font-mono">{key}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onClose} className="mt-4 rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
          Close
        </button>
      </div>
    </div>
  );
}
