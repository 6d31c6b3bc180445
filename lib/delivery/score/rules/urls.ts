// Rules on the web addresses a message links to.
import { readBaseDomain } from "../base-domain.ts";
import type { HtmlLink } from "../scan-html.ts";
import type { Rule } from "../rule.ts";
import { URL_SHORTENER_HOSTS } from "../url-shorteners.ts";

/** More distinct URLs than this is a catalogue, not a letter. */
const MANY_URLS = 20;

export const URL_RULES: Rule[] = [
  {
    name: "NUMERIC_HTTP_ADDR",
    score: 2.0,
    description: "Links to a web server by IP address instead of a name",
    test: ({ urls }) => urls.some((url) => isAddressHost(url.hostname)),
  },
  {
    name: "URL_SHORTENER",
    score: 0.8,
    description: "Links through a URL shortener, which hides the destination",
    test: ({ urls }) => urls.some((url) => URL_SHORTENER_HOSTS.has(url.hostname.replace(/^www\./, ""))),
  },
  {
    name: "HTML_LINK_DOMAIN_MISMATCH",
    score: 1.0,
    description: "HTML link text shows one domain, the link goes to another",
    // also what every newsletter's click tracking does, hence the modest weight
    test: ({ body }) => body.links.some(showsOtherDomain),
  },
  {
    name: "URI_MANY_LINKS",
    score: 0.1,
    description: `More than ${MANY_URLS} distinct links`,
    // a weak sign: digests and newsletters link more than spam does (4% of the corpus's ham, 0.7% of its spam)
    test: ({ urls }) => urls.length > MANY_URLS,
  },
];

/** WHATWG URL has already turned decimal, octal and hex forms into dotted IPv4 and bracketed IPv6. */
function isAddressHost(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname);
}

/** Text that is nothing but a web address or domain name: "https://www.paypal.com/signin", "paypal.com". */
const ADDRESS_TEXT = /^(https?:\/\/)?((?:[a-z0-9-]+\.)+([a-z]{2,24}))\.?(?::\d{1,5})?(?:[/?#]\S*)?$/i;
/** Link texts longer than this are prose, not an address. */
const MAX_ADDRESS_TEXT = 300;
/** "invoice.pdf" as link text names a file, not a site. */
const FILE_EXTENSIONS = new Set(["htm", "html", "php", "asp", "aspx", "jsp", "cgi", "pdf", "doc", "docx", "xls", "xlsx", "txt", "zip", "jpg", "jpeg", "gif", "png", "exe"]);

/** A link whose text reads as a web address on one site and whose href goes to another. */
function showsOtherDomain(link: HtmlLink): boolean {
  const text = link.text.trim();
  if (text.length > MAX_ADDRESS_TEXT) return false;
  const shown = ADDRESS_TEXT.exec(text);
  if (!shown) return false;
  const [, scheme, shownHost, topLevel] = shown;
  if (!scheme && !/^www\./i.test(shownHost) && FILE_EXTENSIONS.has(topLevel.toLowerCase())) return false;
  const target = URL.canParse(link.href) ? new URL(link.href) : null;
  if (!target || (target.protocol !== "http:" && target.protocol !== "https:")) return false;
  return readBaseDomain(shownHost) !== readBaseDomain(target.hostname);
}
