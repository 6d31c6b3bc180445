import type { EntryPredicate } from "./compile-filter.ts";
import type { DirectoryEntry } from "./directory-entry.ts";
import { parentOf } from "./directory-names.ts";
import type { ContainerNode, DirectoryView } from "./directory-view.ts";
import type { LdapFilter } from "./ldapjs-shapes.ts";

export const SCOPE = { base: 0, one: 1, sub: 2 } as const;

export type FindResult = { kind: "noSuchObject" } | { kind: "found"; matches: DirectoryEntry[]; timedOut: boolean };

/**
 * The entries of a bind's view within the scope of `base` (normalized) that match, in directory
 * order: containers first, then a book's contacts. Stops, with `timedOut`, at the deadline. A base
 * the bind cannot see does not exist for it. With `filter` (the one `matches` was compiled from),
 * a book's index narrows which contacts are tested.
 */
export async function findEntries(view: DirectoryView, base: string, scope: number, matches: EntryPredicate, deadline: number, filter?: LdapFilter): Promise<FindResult> {
  const found: DirectoryEntry[] = [];
  let visited = 0;
  let timedOut = false;
  const consider = (entry: DirectoryEntry) => {
    if ((visited++ & 1023) === 0 && Date.now() > deadline) timedOut = true;
    if (!timedOut && matches(entry)) found.push(entry);
  };

  const container = view.containers.get(base);
  if (!container) {
    // A contact: uid=<id> under a book this bind may read.
    const book = view.containers.get(parentOf(base));
    const entry = book?.bookId ? (await view.contactsOf(book)).byDn.get(base) : undefined;
    if (!entry) return { kind: "noSuchObject" };
    if (scope !== SCOPE.one) consider(entry);
    return { kind: "found", matches: found, timedOut };
  }

  const walk = async (node: ContainerNode, depthLeft: number) => {
    for (const child of view.children.get(node.entry.normalizedDn) ?? []) {
      if (timedOut) return;
      consider(child.entry);
      if (depthLeft > 1) await walk(child, depthLeft - 1);
    }
    if (!node.bookId || timedOut) return;
    const book = await view.contactsOf(node);
    const candidates = filter ? book.index.candidates(filter) : null;
    if (candidates) for (const position of candidates) consider(book.entries[position]!);
    else for (const entry of book.entries) consider(entry);
  };
  if (scope !== SCOPE.one) consider(container.entry);
  if (scope !== SCOPE.base) await walk(container, scope === SCOPE.one ? 1 : Number.POSITIVE_INFINITY);
  return { kind: "found", matches: found, timedOut };
}
