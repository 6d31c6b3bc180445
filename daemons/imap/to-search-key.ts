import type { SearchKey } from "../../lib/store/search-messages.ts";
import type { SearchCriterion } from "./protocol/command.ts";
import type { SelectedFolder } from "./selected-folder.ts";
import { resolveSequenceSet, toUidRanges } from "./resolve-sequence-set.ts";

/**
 * IMAP SEARCH criteria as the store's search key: message numbers become the UIDs they stand for
 * in this session's view, and RECENT/NEW/OLD the session's \Recent messages (IMAP4rev1).
 */
export function toSearchKey(criterion: SearchCriterion, folder: SelectedFolder, savedUids: readonly number[]): SearchKey {
  const nothing: SearchKey = { type: "uid", uids: [] };
  switch (criterion.type) {
    case "seq":
    case "uid": {
      const uids = resolveSequenceSet(folder, criterion.set, criterion.type === "uid", savedUids);
      if ("error" in uids) {
        // A search for numbers past the end finds nothing there (Dovecot answers the same way).
        return criterion.type === "seq" ? { type: "uid", uids: toUidRanges(inRange(folder, criterion.set)) } : nothing;
      }
      return { type: "uid", uids: toUidRanges(uids) };
    }
    case "recent": {
      const recent: SearchKey = { type: "uid", uids: toUidRanges([...folder.recent].sort((a, b) => a - b)) };
      return criterion.isSet ? recent : { type: "not", key: recent };
    }
    case "new":
      return { type: "and", keys: [{ type: "uid", uids: toUidRanges([...folder.recent].sort((a, b) => a - b)) }, { type: "flag", flag: "\\Seen", isSet: false }] };
    case "and":
      return { type: "and", keys: criterion.criteria.map((c) => toSearchKey(c, folder, savedUids)) };
    case "or":
      return { type: "or", left: toSearchKey(criterion.left, folder, savedUids), right: toSearchKey(criterion.right, folder, savedUids) };
    case "not":
      return { type: "not", key: toSearchKey(criterion.criterion, folder, savedUids) };
    default:
      return criterion;
  }
}

/** The UIDs of the message numbers of a set that exist, ignoring those past the end. */
function inRange(folder: SelectedFolder, set: Extract<SearchCriterion, { type: "seq" }>["set"]): number[] {
  if ("saved" in set) return [];
  const count = folder.uids.length;
  const uids: number[] = [];
  for (const [a, b] of set.ranges) {
    const low = Math.max(1, Math.min(a === "*" ? count : a, b === "*" ? count : b));
    const high = Math.min(count, Math.max(a === "*" ? count : a, b === "*" ? count : b));
    for (let seq = low; seq <= high; seq++) uids.push(folder.uids[seq - 1]!);
  }
  return [...new Set(uids)].sort((x, y) => x - y);
}
