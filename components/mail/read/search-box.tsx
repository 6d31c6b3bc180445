"use client";
import { forwardRef } from "react";

/**
 * One box with operators (from:, to:, subject:, has:attachment, is:unread, is:flagged, before:,
 * after:, in:); this folder, or every folder with the tick box.
 */
export const SearchBox = forwardRef<HTMLInputElement, { query: string; allFolders: boolean; onSearch: (query: string, allFolders: boolean) => void }>(function SearchBox({ query, allFolders, onSearch }, ref) {
  return (
    <form
      role="search"
      key={`${query}|${allFolders}`}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        onSearch(String(form.get("q") ?? "").trim(), form.get("all") === "on");
      }}
      className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800"
    >
      <input
        ref={ref}
        name="q"
        type="search"
        defaultValue={query}
        maxLength={1000}
        aria-label="Search mail"
        placeholder="Search mail"
        title="Operators: from: to: subject: has:attachment is:unread is:flagged before: after: in:"
        className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      <label className="flex shrink-0 items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
        <input type="checkbox" name="all" defaultChecked={allFolders} /> All folders
      </label>
      {query && (
        <button type="button" onClick={() => onSearch("", false)} className="shrink-0 text-xs text-blue-700 underline dark:text-blue-300">
          Clear
        </button>
      )}
    </form>
  );
});
