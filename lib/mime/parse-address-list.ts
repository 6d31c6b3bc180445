// A tolerant reader of RFC 5322 address lists (§3.4), group syntax and obsolete forms included.
// It never rejects input: whatever looks like an address is returned, the rest is skipped.

/** A mailbox, or the start or end of a group, in the order they appear. Strings are raw: RFC 2047 words are kept. */
export type AddressListEntry =
  | { kind: "mailbox"; name: string | null; mailbox: string; host: string }
  | { kind: "group-start"; name: string }
  | { kind: "group-end" };

/** A lexical token; `isJoined` when it follows the token before it with no white space or comment between. */
type Token = { kind: "atom" | "quoted" | "comment" | "literal" | "special"; text: string; isJoined: boolean };

const SPECIALS = new Set(["<", ">", "@", ",", ";", ":", "."]);

/** Parses an address list header value such as `"Doe, J." <j@x>, team: a@x, b@y;`. */
export function parseAddressList(value: string): AddressListEntry[] {
  const entries: AddressListEntry[] = [];
  let pending: Token[] = [];
  // whether `pending` already looks like an address, which makes a ":" not a group name's end
  let isPendingAddress = false;
  let angleDepth = 0;
  let inGroup = false;
  const flush = () => {
    const mailbox = readMailbox(pending);
    if (mailbox) entries.push(mailbox);
    pending = [];
    isPendingAddress = false;
  };
  for (const token of tokenize(value)) {
    if (token.kind === "special" && token.text === "<") angleDepth++;
    if (token.kind === "special" && token.text === ">") angleDepth = Math.max(0, angleDepth - 1);
    if (token.kind === "special" && (token.text === "@" || token.text === "<" || token.text === ">")) isPendingAddress = true;
    // a route inside <...> (obsolete, RFC 5322 §4.4) has its own "," and ":"
    if (token.kind !== "special" || angleDepth > 0) {
      pending.push(token);
      continue;
    }
    if (token.text === ",") {
      flush();
    } else if (token.text === ":" && !inGroup && !isPendingAddress) {
      entries.push({ kind: "group-start", name: joinPhrase(pending) ?? "" });
      pending = [];
      inGroup = true;
    } else if (token.text === ";" && inGroup) {
      flush();
      entries.push({ kind: "group-end" });
      inGroup = false;
    } else {
      pending.push(token);
    }
  }
  flush();
  // a group that is never closed with ";" still ends, so IMAP clients see balanced markers
  if (inGroup) entries.push({ kind: "group-end" });
  return entries;
}

/** Reads one mailbox from its tokens: `name <addr-spec>`, `addr-spec (comment)` or something close. */
function readMailbox(tokens: Token[]): AddressListEntry | null {
  const open = tokens.findIndex((t) => t.kind === "special" && t.text === "<");
  const comments = tokens.filter((t) => t.kind === "comment").map((t) => t.text.trim()).filter(Boolean);
  if (open >= 0) {
    let close = tokens.findIndex((t, i) => i > open && t.kind === "special" && t.text === ">");
    if (close < 0) close = tokens.length;
    const name = joinPhrase(tokens.slice(0, open)) ?? joinPhrase(tokens.slice(close + 1)) ?? comments.at(-1) ?? null;
    const spec = readAddrSpec(dropRoute(tokens.slice(open + 1, close)));
    if (!spec && name === null) return null;
    return { kind: "mailbox", name, mailbox: spec?.mailbox ?? "", host: spec?.host ?? "" };
  }
  const at = tokens.findIndex((t) => t.kind === "special" && t.text === "@");
  const words = tokens.filter((t) => t.kind !== "comment");
  if (words.length === 0) return null;
  if (at < 0) {
    // no "@": a bare local part such as "postmaster", or a lone name
    return { kind: "mailbox", name: comments.at(-1) ?? null, mailbox: joinDotted(words), host: "" };
  }
  // without angle brackets the local part is the dot-atom right before "@"; words in front are a name
  let localStart = at;
  while (localStart > 0) {
    const previous = tokens[localStart - 1];
    if (previous.kind === "comment") break;
    const isDot = previous.kind === "special" && previous.text === ".";
    const nextIsDot = tokens[localStart]?.kind === "special" && tokens[localStart].text === ".";
    if (localStart < at && !isDot && !nextIsDot) break;
    localStart--;
  }
  const spec = readAddrSpec(tokens.slice(localStart));
  const name = joinPhrase(tokens.slice(0, localStart)) ?? comments.at(-1) ?? null;
  return { kind: "mailbox", name, mailbox: spec?.mailbox ?? "", host: spec?.host ?? "" };
}

/** Drops an obsolete source route, "@a.example,@b.example:", in front of the addr-spec. */
function dropRoute(tokens: Token[]): Token[] {
  const first = tokens.find((t) => t.kind !== "comment");
  if (!first || first.kind !== "special" || first.text !== "@") return tokens;
  const colon = tokens.findIndex((t) => t.kind === "special" && t.text === ":");
  return colon < 0 ? tokens : tokens.slice(colon + 1);
}

function readAddrSpec(tokens: Token[]): { mailbox: string; host: string } | null {
  const words = tokens.filter((t) => t.kind !== "comment");
  if (words.length === 0) return null;
  const at = words.findIndex((t) => t.kind === "special" && t.text === "@");
  if (at < 0) return { mailbox: joinDotted(words), host: "" };
  return { mailbox: joinDotted(words.slice(0, at)), host: joinDotted(words.slice(at + 1)) };
}

/** Joins the tokens of a local part or domain without spaces; a quoted local part keeps its quotes. */
function joinDotted(tokens: Token[]): string {
  return tokens
    .map((t) => (t.kind === "quoted" ? `"${t.text.replace(/(["\\])/g, "\\$1")}"` : t.kind === "comment" ? "" : t.text))
    .join("")
    .trim();
}

/**
 * Joins display-name words with single spaces, quotes removed. Atoms and dots written together are one
 * word, so an obs-phrase (RFC 5322 §4.1) keeps its dots as written: "John Q. Public", "spamassassin.taint.org",
 * "a . b". A quoted string is a word of its own, as Dovecot reads it (`"q".x` is "q .x").
 */
function joinPhrase(tokens: Token[]): string | null {
  const words: string[] = [];
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    if (isAtomOrDot(token) && token.isJoined && previous && isAtomOrDot(previous)) words[words.length - 1] += token.text;
    else if (isAtomOrDot(token) || token.kind === "quoted" || token.kind === "literal") words.push(token.text);
    else if (token.kind === "special" && token.text !== "<" && token.text !== ">") words.push(token.text);
  });
  const phrase = words.join(" ").replace(/\s+/g, " ").trim();
  return phrase ? phrase : null;
}

function isAtomOrDot(token: Token): boolean {
  return token.kind === "atom" || (token.kind === "special" && token.text === ".");
}

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  // the end of the last token, to tell whether the next one follows it directly
  let lastEnd = -1;
  const push = (kind: Token["kind"], text: string, start: number, end: number) => {
    tokens.push({ kind, text, isJoined: start === lastEnd });
    lastEnd = end;
  };
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") {
      i++;
    } else if (ch === '"') {
      const [text, next] = readDelimited(value, i + 1, '"');
      push("quoted", text, i, next);
      i = next;
    } else if (ch === "(") {
      const [text, next] = readComment(value, i + 1);
      // a comment separates the tokens around it as white space does
      push("comment", text, i, -1);
      i = next;
    } else if (ch === "[") {
      const [text, next] = readDelimited(value, i + 1, "]");
      push("literal", `[${text}]`, i, next);
      i = next;
    } else if (SPECIALS.has(ch)) {
      push("special", ch, i, i + 1);
      i++;
    } else {
      let end = i;
      while (end < value.length && !isAtomEnd(value[end])) end++;
      push("atom", value.slice(i, end), i, end);
      i = end;
    }
  }
  return tokens;
}

function isAtomEnd(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n" || ch === '"' || ch === "(" || ch === "[" || SPECIALS.has(ch);
}

/** Reads up to an unescaped `close`, removing backslash escapes; an unterminated one runs to the end. */
function readDelimited(value: string, start: number, close: string): [string, number] {
  let text = "";
  let i = start;
  while (i < value.length && value[i] !== close) {
    if (value[i] === "\\" && i + 1 < value.length) i++;
    text += value[i];
    i++;
  }
  return [text, i + 1];
}

/** Reads a comment, which may nest (RFC 5322 §3.2.2); returns its text without the outer parentheses. */
function readComment(value: string, start: number): [string, number] {
  let depth = 1;
  let text = "";
  let i = start;
  while (i < value.length) {
    const ch = value[i];
    if (ch === "\\" && i + 1 < value.length) {
      text += value[i + 1];
      i += 2;
      continue;
    }
    if (ch === "(") depth++;
    if (ch === ")" && --depth === 0) return [text, i + 1];
    text += ch;
    i++;
  }
  return [text, i];
}
