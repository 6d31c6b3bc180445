// The web addresses a message points its reader to, parsed the way a browser would parse them.

/** URLs kept per message; the rules only count up to far fewer. */
const MAX_URLS = 1000;

/** An http(s) URL written out in text; stops at white space and the characters that usually close one. Brackets stay: "http://[2001:db8::1]/". */
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/gi;

/**
 * The distinct http and https URLs among the links' targets and the addresses written in the text.
 * Parsed with WHATWG URL, as browsers do, so obfuscated hosts come out plain: "http://3232235777/"
 * and "http://0xC0.0xA8.1.1/" both have the host "192.168.1.1".
 */
export function findUrls(text: string, hrefs: readonly string[]): URL[] {
  const urls = new Map<string, URL>();
  const add = (candidate: string) => {
    const url = URL.canParse(candidate) ? new URL(candidate) : null;
    if (url && (url.protocol === "http:" || url.protocol === "https:") && url.hostname) urls.set(url.href, url);
  };
  for (const href of hrefs) {
    if (urls.size >= MAX_URLS) return [...urls.values()];
    add(href);
  }
  for (const match of text.matchAll(TEXT_URL)) {
    if (urls.size >= MAX_URLS) break;
    // sentence punctuation after an address is not part of it
    add(match[0].replace(/[.,;:!?)]+$/, ""));
  }
  return [...urls.values()];
}
