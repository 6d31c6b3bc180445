/**
 * POP3 commands (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH): one line in, a typed
 * command out, or an error saying what is wrong. Pure. Keywords are case-insensitive; arguments
 * are separated by single spaces (RFC 1939 §3), though we accept runs of them as Dovecot does.
 */
export type Pop3Command =
  | { name: "USER"; user: string }
  | { name: "PASS"; password: string }
  | { name: "AUTH"; mechanism: string | null; initialResponse: string | null }
  | { name: "STAT" | "NOOP" | "RSET" | "QUIT" | "CAPA" | "STLS" }
  | { name: "LIST" | "UIDL"; number: number | null }
  | { name: "RETR" | "DELE"; number: number }
  | { name: "TOP"; number: number; lines: number };

export type ParseResult = { command: Pop3Command } | { error: string };

/** RFC 2449 §4: arguments up to 40 octets (a password may be longer: PASS takes the rest of the line). */
const MAX_ARGUMENT_LENGTH = 255;
/** Message numbers and TOP's line count: decimal, no sign, below 2^31. */
const NUMBER = /^\d{1,10}$/;
const MAX_NUMBER = 2 ** 31 - 1;

export function parseCommand(line: string): ParseResult {
  const space = line.indexOf(" ");
  const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  const rest = space === -1 ? "" : line.slice(space + 1);
  const args = rest.split(" ").filter((arg) => arg !== "");
  if (args.some((arg) => arg.length > MAX_ARGUMENT_LENGTH)) return { error: "Argument too long" };
  if (/[\x00-\x1f\x7f]/.test(keyword) || keyword.length === 0) return { error: "Unknown command" };

  switch (keyword) {
    case "STAT":
    case "NOOP":
    case "RSET":
    case "QUIT":
    case "CAPA":
    case "STLS":
      return args.length === 0 ? { command: { name: keyword } } : { error: `${keyword} takes no arguments` };
    case "USER":
      return args.length === 1 ? { command: { name: "USER", user: args[0]! } } : { error: "USER takes one argument: the address" };
    case "PASS":
      // RFC 1939 §7: the password may contain spaces; it is the rest of the line.
      return rest.length > 0 ? { command: { name: "PASS", password: rest } } : { error: "PASS needs the password" };
    case "AUTH":
      if (args.length > 2) return { error: "AUTH takes a mechanism and an optional initial response" };
      return { command: { name: "AUTH", mechanism: args[0]?.toUpperCase() ?? null, initialResponse: args[1] ?? null } };
    case "LIST":
    case "UIDL": {
      if (args.length === 0) return { command: { name: keyword, number: null } };
      const number = args.length === 1 ? parseNumber(args[0]!, 1) : null;
      return number === null ? { error: `${keyword} takes an optional message number` } : { command: { name: keyword, number } };
    }
    case "RETR":
    case "DELE": {
      const number = args.length === 1 ? parseNumber(args[0]!, 1) : null;
      return number === null ? { error: `${keyword} needs a message number` } : { command: { name: keyword, number } };
    }
    case "TOP": {
      const number = args.length === 2 ? parseNumber(args[0]!, 1) : null;
      const lines = args.length === 2 ? parseNumber(args[1]!, 0) : null;
      return number === null || lines === null ? { error: "TOP needs a message number and a line count" } : { command: { name: "TOP", number, lines } };
    }
    default:
      return { error: "Unknown command" };
  }
}

function parseNumber(text: string, min: number): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= MAX_NUMBER ? value : null;
}
