"use client";
import type { ListSort, ListView } from "./mail-types";

const LABELS: Record<ListSort, string> = { date: "Date", from: "Sender", subject: "Subject", size: "Size" };

export function SortControls({ view, onChange }: { view: ListView; onChange: (sort: ListSort, dir: "asc" | "desc") => void }) {
  return (
    <div className="flex items-center gap-1">
      <select aria-label="Sort by" value={view.sort} onChange={(event) => onChange(event.target.value as ListSort, view.dir)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900">
        {(Object.keys(LABELS) as ListSort[]).map((sort) => (
          <option key={sort} value={sort}>
            {LABELS[sort]}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => onChange(view.sort, view.dir === "asc" ? "desc" : "asc")}
        aria-label={view.dir === "asc" ? "Ascending order; switch to descending" : "Descending order; switch to ascending"}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {view.dir === "asc" ? "↑" : "↓"}
      </button>
    </div>
  );
}
