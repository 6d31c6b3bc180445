"use client";
import { useEffect } from "react";

/** "Moved to Trash · Undo" at the bottom of the screen for a few seconds after an action. */
export function UndoToast({ text, onUndo, onClose }: { text: string; onUndo?: () => void; onClose: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onClose, 8000);
    return () => clearTimeout(timer);
  }, [text, onClose]);
  return (
    <div role="status" data-testid="undo-toast" className="fixed bottom-4 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900">
      <span>{text}</span>
      {onUndo && (
        <button type="button" onClick={onUndo} className="font-semibold text-blue-300 underline dark:text-blue-700">
          Undo
        </button>
      )}
    </div>
  );
}
