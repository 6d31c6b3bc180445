"use client";
import { useCallback } from "react";
import { useSearchParams } from "next/navigation";
import type { ListSort, ListView } from "./mail-types";

const SORTS: ListSort[] = ["date", "from", "subject", "size"];

/**
 * The reader's state lives in the URL (?folder=&m=&sort=&dir=&q=&all=), so Back, reload and shared links
 * land where the reader was. Changes go through history.pushState, which Next's router follows
 * without asking the server to render the page again.
 */
export function useMailUrl(fallback: ListView) {
  const searchParams = useSearchParams();
  const sort = searchParams.get("sort") as ListSort | null;
  const dir = searchParams.get("dir");
  const view: ListView = {
    folderId: searchParams.get("folder") ?? fallback.folderId,
    sort: sort && SORTS.includes(sort) ? sort : "date",
    dir: dir === "asc" || dir === "desc" ? dir : "desc",
    query: searchParams.get("q") ?? "",
    allFolders: searchParams.get("all") === "1",
  };
  const openId = searchParams.get("m");

  const navigate = useCallback(
    (changes: Partial<Record<"folder" | "m" | "sort" | "dir" | "q" | "all", string | null>>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined) next.delete(key);
        else next.set(key, value);
      }
      window.history.pushState(null, "", `${window.location.pathname}?${next.toString()}`);
    },
    [],
  );
  return { view, openId, navigate };
}
