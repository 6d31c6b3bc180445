// Plain text from HTML mail for previews and search: not a renderer, just the words a reader sees.

/**
 * Elements whose content a reader never sees, skipped up to their end tag as browsers do (raw text and
 * RCDATA elements). Not <head>: browsers end it implicitly, and a missing </head> must not hide the mail.
 */
const HIDDEN_ELEMENTS = new Set(["script", "style", "title", "template"]);
/** Elements that break the line around them, so words in adjacent blocks do not run together. */
const BLOCK_ELEMENTS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
  "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
  "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);

const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", shy: "", copy: "©", reg: "®", trade: "™",
  hellip: "…", mdash: "—", ndash: "–", lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„",
  laquo: "«", raquo: "»", bull: "•", middot: "·", deg: "°", euro: "€", pound: "£", yen: "¥", cent: "¢", sect: "§",
  para: "¶", times: "×", divide: "÷", plusmn: "±", frac12: "½", frac14: "¼", frac34: "¾", iexcl: "¡", iquest: "¿",
  auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß", eacute: "é", egrave: "è", ecirc: "ê",
  euml: "ë", Eacute: "É", Egrave: "È", aacute: "á", agrave: "à", acirc: "â", atilde: "ã", aring: "å", Aring: "Å",
  aelig: "æ", AElig: "Æ", ccedil: "ç", Ccedil: "Ç", iacute: "í", igrave: "ì", icirc: "î", iuml: "ï", ntilde: "ñ",
  Ntilde: "Ñ", oacute: "ó", ograve: "ò", ocirc: "ô", otilde: "õ", oslash: "ø", Oslash: "Ø", uacute: "ú", ugrave: "ù",
  ucirc: "û", yacute: "ý", yuml: "ÿ", ensp: " ", emsp: " ", thinsp: " ", zwnj: "", zwj: "", lrm: "", rlm: "",
}));

/**
 * Converts HTML to text: drops tags, comments and the content of script, style and head; breaks lines
 * at block elements; decodes character references. Linear in the input, whatever it holds.
 */
export function convertHtmlToText(html: string): string {
  const out: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const open = html.indexOf("<", pos);
    if (open < 0) {
      out.push(decodeEntities(html.slice(pos)));
      break;
    }
    if (open > pos) out.push(decodeEntities(html.slice(pos, open)));
    pos = skipMarkup(html, open, out);
  }
  return out.join("").replace(/[ \t\f\v\u00a0]+/g, " ").replace(/ ?\n[\s]*/g, "\n").trim();
}

/** Skips the markup starting at `open` (a "<"), noting a line break for block elements; returns where text resumes. */
function skipMarkup(html: string, open: number, out: string[]): number {
  if (html.startsWith("<!--", open)) {
    const close = html.indexOf("-->", open + 4);
    return close < 0 ? html.length : close + 3;
  }
  const tag = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(open, open + 64));
  if (!tag && !/^<[!?/]/.test(html.slice(open, open + 2))) {
    // a "<" that starts no tag is text, as browsers treat it
    out.push("<");
    return open + 1;
  }
  const tagEnd = html.indexOf(">", open + 1);
  if (tagEnd < 0) return html.length;
  const name = tag?.[1].toLowerCase() ?? "";
  const isClosing = html[open + 1] === "/";
  // inline elements add nothing: "<b>He</b>llo" reads "Hello"
  if (BLOCK_ELEMENTS.has(name)) out.push("\n");
  if (!isClosing && HIDDEN_ELEMENTS.has(name) && html[tagEnd - 1] !== "/") {
    const closing = new RegExp(`</${name}\\s*>`, "gi");
    closing.lastIndex = tagEnd + 1;
    const match = closing.exec(html);
    return match ? match.index + match[0].length : html.length;
  }
  return tagEnd + 1;
}

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (match, body: string) => {
    if (body[0] !== "#") return NAMED_ENTITIES.get(body) ?? match;
    const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(code);
  });
}
