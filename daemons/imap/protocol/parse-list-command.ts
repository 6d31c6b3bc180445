// tag LIST [(selection-options)] reference (pattern / (pattern *(SP pattern))) [RETURN (return-options)]
//   list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]     (RFC 5258 §6, RFC 9051 §9)
//   list-select-opt = "SUBSCRIBED" / "REMOTE" / "RECURSIVEMATCH" / "SPECIAL-USE"           (RFC 6154 §3)
//   return-option = "SUBSCRIBED" / "CHILDREN" / "SPECIAL-USE" / "STATUS" SP "(" status-att ... ")"   (RFC 5819)
// Options we do not know are refused with BAD: answering as if they were absent would mislead the client.

import type { Command, ListReturnOptions, StatusItem } from "./command.ts";
import { readStatusItems } from "./parse-mailbox-commands.ts";
import type { TokenCursor } from "./parse-tokens.ts";

const SELECTION_OPTIONS = new Set(["SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE"]);

export function parseList(cursor: TokenCursor): Command | null {
  if (!cursor.expectSpace("mailbox reference")) return null;
  let selection: string[] = [];
  if (cursor.isAt("(")) {
    const options = readSelectionOptions(cursor);
    if (options === null || !cursor.expectSpace("mailbox reference")) return null;
    selection = options;
  }
  // The reference is a prefix for the patterns, so INBOX is not folded in it.
  const reference = cursor.readAstring("mailbox reference");
  if (reference === null || !cursor.expectSpace("mailbox pattern")) return null;
  const patterns = readPatterns(cursor);
  if (patterns === null) return null;

  let returnOptions: ListReturnOptions = { subscribed: false, children: false, specialUse: false, status: null };
  if (cursor.skip(" ")) {
    if (!cursor.skipKeyword("RETURN")) return cursor.fail("Invalid LIST return options");
    const options = cursor.expectSpace("LIST return options") ? readReturnOptions(cursor) : null;
    if (options === null) return null;
    returnOptions = options;
  }
  return { name: "LIST", reference, patterns, selection, returnOptions };
}

function readSelectionOptions(cursor: TokenCursor): string[] | null {
  const options = cursor.readList(
    "LIST selection options",
    () => {
      const option = cursor.readKeyword("LIST selection option");
      if (option === null) return null;
      return SELECTION_OPTIONS.has(option) ? option : cursor.fail("Unknown LIST selection option");
    },
    { allowsEmpty: true },
  );
  if (options === null) return null;
  // RFC 5258 §3.1, RFC 9051 §6.3.9.1: RECURSIVEMATCH alone (or only with REMOTE) is a BAD command.
  if (options.includes("RECURSIVEMATCH") && options.every((option) => option === "RECURSIVEMATCH" || option === "REMOTE")) {
    return cursor.fail("RECURSIVEMATCH needs another selection option");
  }
  return [...new Set(options)];
}

/** mbox-or-pat = list-mailbox / patterns;  patterns = "(" list-mailbox *(SP list-mailbox) ")" */
function readPatterns(cursor: TokenCursor): string[] | null {
  if (cursor.isAt("(")) return cursor.readList("mailbox patterns", () => cursor.readListMailbox("mailbox pattern"), { allowsEmpty: false });
  const pattern = cursor.readListMailbox("mailbox pattern");
  return pattern === null ? null : [pattern];
}

type ReturnOption = { name: "SUBSCRIBED" | "CHILDREN" | "SPECIAL-USE" } | { name: "STATUS"; items: StatusItem[] };

function readReturnOptions(cursor: TokenCursor): ListReturnOptions | null {
  const options = cursor.readList("LIST return options", () => readReturnOption(cursor), { allowsEmpty: true });
  if (options === null) return null;
  const names = new Set(options.map((option) => option.name));
  const status = options.find((option) => option.name === "STATUS");
  return { subscribed: names.has("SUBSCRIBED"), children: names.has("CHILDREN"), specialUse: names.has("SPECIAL-USE"), status: status?.items ?? null };
}

function readReturnOption(cursor: TokenCursor): ReturnOption | null {
  const name = cursor.readKeyword("LIST return option");
  if (name === null) return null;
  if (name === "SUBSCRIBED" || name === "CHILDREN" || name === "SPECIAL-USE") return { name };
  if (name !== "STATUS") return cursor.fail("Unknown LIST return option");
  const items = cursor.expectSpace("status items") ? readStatusItems(cursor) : null;
  return items === null ? null : { name, items };
}
