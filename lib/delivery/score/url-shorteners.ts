// Link-shortening services: the link hides where it goes until the reader clicks.

/** Hosts of common public URL shorteners, lower case, without "www.". */
export const URL_SHORTENER_HOSTS: ReadonlySet<string> = new Set([
  "bit.ly", "bitly.com", "bit.do", "buff.ly", "cutt.ly", "goo.gl", "is.gd", "ow.ly", "rb.gy", "rebrand.ly",
  "s.id", "shorturl.at", "soo.gd", "t.co", "t.ly", "tiny.cc", "tinyurl.com", "v.gd", "x.co", "qrco.de",
  "shorte.st", "adf.ly", "bl.ink", "short.gy", "lnkd.in", "clck.ru", "u.to", "tr.im", "snip.ly", "urlz.fr",
]);
