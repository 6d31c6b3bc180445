import { canonicalAttributeName } from "./attribute-names.ts";
import type { DirectoryEntry } from "./directory-entry.ts";
import type { LdapFilter } from "./ldapjs-shapes.ts";

/**
 * Sorted lower-case values per attribute of one book's entries, built on first use: an
 * autocomplete search (prefix matches on cn, mail, sn, givenName) then looks up a few positions in
 * place of testing all 5,000 entries. Only narrows the candidates: the full filter is still
 * evaluated on each, so the index can never change an answer.
 */
export class BookIndex {
  private sorted = new Map<string, { values: string[]; positions: number[] }>();

  constructor(private readonly entries: readonly DirectoryEntry[]) {}

  /** Positions of the entries that may match `filter`, in directory order; null: any entry may. */
  candidates(filter: LdapFilter): number[] | null {
    const found = this.narrow(filter, 0);
    return found ? [...found].sort((a, b) => a - b) : null;
  }

  private narrow(filter: LdapFilter, depth: number): Set<number> | null {
    if (depth > 8) return null;
    switch (filter.type) {
      case "EqualityFilter":
        return this.lookup(filter.attribute ?? "", valueOf(filter.value), true);
      case "SubstringFilter":
        return filter.initial ? this.lookup(filter.attribute ?? "", filter.initial.toLowerCase(), false) : null;
      case "OrFilter": {
        const union = new Set<number>();
        for (const clause of filter.clauses ?? []) {
          const part = this.narrow(clause, depth + 1);
          if (!part) return null;
          for (const position of part) union.add(position);
        }
        return union;
      }
      case "AndFilter": {
        let smallest: Set<number> | null = null;
        for (const clause of filter.clauses ?? []) {
          const part = this.narrow(clause, depth + 1);
          if (part && (!smallest || part.size < smallest.size)) smallest = part;
        }
        return smallest;
      }
      default:
        return null;
    }
  }

  private lookup(attribute: string, needle: string, exact: boolean): Set<number> {
    const { values, positions } = this.sortedOf(canonicalAttributeName(attribute));
    const found = new Set<number>();
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (values[middle]! < needle) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < values.length && (exact ? values[i] === needle : values[i]!.startsWith(needle)); i += 1) found.add(positions[i]!);
    return found;
  }

  private sortedOf(attribute: string) {
    let sorted = this.sorted.get(attribute);
    if (!sorted) {
      const pairs: [string, number][] = [];
      this.entries.forEach((entry, position) => {
        for (const value of entry.lower.get(attribute) ?? []) pairs.push([value, position]);
      });
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      sorted = { values: pairs.map((pair) => pair[0]), positions: pairs.map((pair) => pair[1]) };
      this.sorted.set(attribute, sorted);
    }
    return sorted;
  }
}

function valueOf(value: unknown): string {
  return (Buffer.isBuffer(value) ? value.toString("utf8") : String(value ?? "")).toLowerCase();
}
