// Splits a spamd reply into its status, headers and body (SPAMC/SPAMD protocol 1.5, as spamd 4 speaks it).
//
//   SPAMD/1.1 0 EX_OK\r\n
//   Content-length: 27\r\n
//   Spam: True ; 1000.0 / 5.0\r\n
//   \r\n
//   GTUBE,MISSING_DATE,NO_RECEIVED
//
// An error is the status line alone, e.g. "SPAMD/1.0 76 Bad header line: (Content-Length mismatch ...)".
import { SpamdError } from "./spamd-error.ts";

export type SpamdReply = {
  /** The status line's message: "EX_OK", "PONG". */
  message: string;
  /** Header names in lower case. */
  headers: Map<string, string>;
  body: string;
};

/** spamd's exit codes (sysexits.h), to name the failure in an error message. */
const EXIT_CODE_NAMES: Record<number, string> = {
  64: "EX_USAGE", 65: "EX_DATAERR", 66: "EX_NOINPUT", 67: "EX_NOUSER", 68: "EX_NOHOST", 69: "EX_UNAVAILABLE",
  70: "EX_SOFTWARE", 71: "EX_OSERR", 72: "EX_OSFILE", 73: "EX_CANTCREAT", 74: "EX_IOERR", 75: "EX_TEMPFAIL",
  76: "EX_PROTOCOL", 77: "EX_NOPERM", 78: "EX_CONFIG", 79: "EX_TIMEOUT",
};

const STATUS_LINE = /^SPAMD\/\d+\.\d+ (\d+) ?(.*)$/;

/** Parses a whole reply. Throws SpamdError "protocol" for anything but a well-formed EX_OK (code 0) reply. */
export function parseSpamdReply(reply: Buffer): SpamdReply {
  // the protocol is ASCII; latin1 maps every byte to one character, so lengths stay byte counts
  const text = reply.toString("latin1");
  const statusEnd = text.indexOf("\r\n");
  const statusLine = statusEnd < 0 ? text : text.slice(0, statusEnd);
  const status = STATUS_LINE.exec(statusLine);
  if (!status) throw new SpamdError("protocol", `spamd sent no SPAMD status line: ${quote(statusLine)}`);
  const code = Number(status[1]);
  if (code !== 0) throw new SpamdError("protocol", `spamd answered ${EXIT_CODE_NAMES[code] ?? `code ${code}`}: ${quote(status[2])}`);
  if (statusEnd < 0) return { message: status[2], headers: new Map(), body: "" };

  const headerEnd = text.indexOf("\r\n\r\n", statusEnd);
  const headerText = headerEnd < 0 ? text.slice(statusEnd + 2) : text.slice(statusEnd + 2, headerEnd);
  const headers = new Map<string, string>();
  for (const line of headerText.split("\r\n").filter(Boolean)) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new SpamdError("protocol", `spamd sent a header line without a name: ${quote(line)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = headerEnd < 0 ? "" : text.slice(headerEnd + 4);
  checkContentLength(headers.get("content-length"), body);
  return { message: status[2], headers, body };
}

/** A body shorter than its Content-length means the reply was cut off. */
function checkContentLength(value: string | undefined, body: string): void {
  if (value === undefined) return;
  if (!/^\d+$/.test(value)) throw new SpamdError("protocol", `spamd sent Content-length ${quote(value)}`);
  if (Number(value) !== body.length) throw new SpamdError("protocol", `spamd announced ${value} bytes and sent ${body.length}`);
}

/** A short, printable excerpt of what spamd sent, for an error message. */
function quote(text: string): string {
  const excerpt = text.slice(0, 120).replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(text.length > 120 ? `${excerpt}...` : excerpt);
}
