/**
 * LIST's reference and mailbox pattern (RFC 9051 §6.3.9) as a test on folder names: the two are
 * joined, "*" matches anything, "%" anything but the hierarchy delimiter "/". INBOX matches in any
 * case, as the name itself does (§5.1).
 */
export function matchListPattern(reference: string, pattern: string): (name: string) => boolean {
  const joined = reference === "" || pattern.startsWith("/") ? pattern : reference.endsWith("/") ? reference + pattern : `${reference}/${pattern}`;
  const canonical = /^inbox(?=$|\/|\*|%)/i.test(joined) ? `INBOX${joined.slice(5)}` : joined;
  const source = [...canonical].map((char) => (char === "*" ? ".*" : char === "%" ? "[^/]*" : char.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("");
  const regex = new RegExp(`^${source}$`, "su");
  return (name) => regex.test(name);
}
