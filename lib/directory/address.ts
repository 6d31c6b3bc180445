import { domainToASCII } from "node:url";
import { AppError } from "../errors.ts";

export type ParsedAddress = { localPart: string; domain: string; address: string };

// Local parts: dot-atom of RFC 5322 §3.2.3 (no quoted strings: no provider hands those out), plus
// UTF-8 letters for SMTPUTF8 addresses. Stored and compared in lower case.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/** Parses `Local@Domain`, lower-cases it and turns the domain to its IDNA form; undefined when malformed. */
export function tryParseAddress(input: string): ParsedAddress | undefined {
  const trimmed = input.trim();
  if (trimmed.length > 254) return undefined;
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const localPart = trimmed.slice(0, at).toLowerCase();
  const domain = normalizeDomain(trimmed.slice(at + 1));
  if (localPart.length > 64 || !LOCAL_PART.test(localPart) || !domain) return undefined;
  return { localPart, domain, address: `${localPart}@${domain}` };
}

export function parseAddress(input: string): ParsedAddress {
  const parsed = tryParseAddress(input);
  if (!parsed) throw new AppError("INVALID_INPUT", `"${input.slice(0, 100)}" is not a valid email address.`);
  return parsed;
}

/** Lower-case IDNA form of a domain name, or undefined when it is not one. */
export function normalizeDomain(input: string): string | undefined {
  const ascii = domainToASCII(input.trim().replace(/\.$/, ""));
  if (!ascii || ascii.length > 253 || !ascii.includes(".")) return undefined;
  const labelsOk = ascii.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
  return labelsOk ? ascii : undefined;
}
