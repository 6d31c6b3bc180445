import { canonicalAttributeName } from "./attribute-names.ts";
import type { LdapFilter } from "./ldapjs-shapes.ts";

/** What a compiled filter looks at: an entry's lower-case values by canonical attribute name. */
export type Matchable = { lower: Map<string, string[]> };
export type EntryPredicate = (entry: Matchable) => boolean;

/** How deep and how wide a filter may be: a hostile client could otherwise send one that costs seconds per entry. */
export const FILTER_LIMITS = { maxDepth: 32, maxNodes: 512 } as const;

export class FilterTooComplexError extends Error {}

/**
 * Turns a parsed LDAP filter into a predicate over entries, once per search. Matching is
 * case-insensitive throughout (every attribute served is a caseIgnore one: names, addresses,
 * phone numbers); approximate match (~=) is a substring match, which is what clients mean by it;
 * extensible match is not supported and matches nothing.
 */
export function compileFilter(filter: LdapFilter): EntryPredicate {
  let nodes = 0;
  const compile = (node: LdapFilter, depth: number): EntryPredicate => {
    nodes += 1;
    if (depth > FILTER_LIMITS.maxDepth || nodes > FILTER_LIMITS.maxNodes) throw new FilterTooComplexError("The search filter is too complex.");
    const attribute = canonicalAttributeName(node.attribute ?? "");
    switch (node.type) {
      case "AndFilter": {
        const parts = (node.clauses ?? []).map((clause) => compile(clause, depth + 1));
        return (entry) => parts.every((part) => part(entry));
      }
      case "OrFilter": {
        const parts = (node.clauses ?? []).map((clause) => compile(clause, depth + 1));
        return (entry) => parts.some((part) => part(entry));
      }
      case "NotFilter": {
        const inner = compile((node.clauses ?? [])[0]!, depth + 1);
        return (entry) => !inner(entry);
      }
      case "PresenceFilter":
        return (entry) => entry.lower.has(attribute);
      case "EqualityFilter": {
        const needle = valueOf(node.value);
        return (entry) => entry.lower.get(attribute)?.includes(needle) ?? false;
      }
      case "ApproximateFilter": {
        const needle = valueOf(node.value);
        return (entry) => entry.lower.get(attribute)?.some((value) => value.includes(needle)) ?? false;
      }
      case "SubstringFilter": {
        const matches = substringMatcher(node.initial ?? "", node.any ?? [], node.final ?? "");
        return (entry) => entry.lower.get(attribute)?.some(matches) ?? false;
      }
      case "GreaterThanEqualsFilter": {
        const bound = valueOf(node.value);
        return (entry) => entry.lower.get(attribute)?.some((value) => value >= bound) ?? false;
      }
      case "LessThanEqualsFilter": {
        const bound = valueOf(node.value);
        return (entry) => entry.lower.get(attribute)?.some((value) => value <= bound) ?? false;
      }
      default:
        return () => false;
    }
  };
  return compile(filter, 0);
}

function valueOf(value: unknown): string {
  return (Buffer.isBuffer(value) ? value.toString("utf8") : String(value ?? "")).toLowerCase();
}

/** initial*any*...*final, each piece found after the previous one (RFC 4517 §4.2.6). */
export function substringMatcher(initial: string, any: readonly string[], final: string): (value: string) => boolean {
  const start = initial.toLowerCase();
  const middle = any.map((part) => part.toLowerCase());
  const end = final.toLowerCase();
  if (middle.length === 0 && !end) return (value) => value.startsWith(start);
  return (value) => {
    if (!value.startsWith(start)) return false;
    let position = start.length;
    for (const part of middle) {
      const found = value.indexOf(part, position);
      if (found < 0) return false;
      position = found + part.length;
    }
    return value.length - end.length >= position && value.endsWith(end);
  };
}
