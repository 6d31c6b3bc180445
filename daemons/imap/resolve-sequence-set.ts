import type { UidRanges } from "../../lib/store/uid-ranges.ts";
import type { SequenceSet, SequenceNumber } from "./protocol/command.ts";
import type { SelectedFolder } from "./selected-folder.ts";

/**
 * The UIDs a sequence set names among the messages the client knows, ascending, or an error text
 * (a BAD). Message numbers past EXISTS are an error (RFC 9051 §6.4.5); UIDs that do not exist are
 * simply not there (§6.4.9). `*` is the last message (or its UID); `$` the last SEARCH SAVE result.
 */
export function resolveSequenceSet(folder: SelectedFolder, set: SequenceSet, isUid: boolean, savedUids: readonly number[]): number[] | { error: string } {
  const known = folder.uids;
  if ("saved" in set) {
    const saved = new Set(savedUids);
    return known.filter((uid) => saved.has(uid));
  }
  if (isUid) {
    const last = known.at(-1) ?? 0;
    const value = (n: SequenceNumber) => (n === "*" ? last : n);
    const ranges = set.ranges.map(([a, b]) => [Math.min(value(a), value(b)), Math.max(value(a), value(b))] as const);
    return known.filter((uid) => ranges.some(([low, high]) => uid >= low && uid <= high));
  }
  const count = known.length;
  const value = (n: SequenceNumber) => (n === "*" ? count : n);
  const picked = new Set<number>();
  for (const [a, b] of set.ranges) {
    const low = Math.min(value(a), value(b));
    const high = Math.max(value(a), value(b));
    if (high > count || low < 1) return { error: count === 0 ? "No messages in the folder" : `Message number out of range (the folder has ${count})` };
    for (let seq = low; seq <= high; seq++) picked.add(seq);
  }
  return [...picked].sort((x, y) => x - y).map((seq) => known[seq - 1]!);
}

/** Whether a number falls in a set's ranges (`*` standing for "no upper end"); never for `$`. */
export function isNumberInSet(set: SequenceSet, n: number): boolean {
  if ("saved" in set) return false;
  const value = (x: SequenceNumber) => (x === "*" ? Infinity : x);
  return set.ranges.some(([a, b]) => n >= Math.min(value(a), value(b)) && n <= Math.max(value(a), value(b)));
}

/** Ascending UIDs as the store's ranges. */
export function toUidRanges(uids: readonly number[]): UidRanges {
  const ranges: [number, number][] = [];
  for (const uid of uids) {
    const last = ranges.at(-1);
    if (last && uid === last[1] + 1) last[1] = uid;
    else ranges.push([uid, uid]);
  }
  return ranges;
}
