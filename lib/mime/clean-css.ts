// CSS from mail (a style attribute or a <style> sheet) made inert, without a CSS parser: what could
// run code or fetch something is rewritten into something browsers ignore, since an invalid value
// only drops its own declaration.

export type CleanCssOptions = {
  /** The URL to use instead of a url(...) target, or null to drop it (it becomes `none`). */
  rewriteUrl: (url: string) => string | null;
};

/** Constructs of old IE and Firefox that ran code from CSS, and URL schemes that run code. */
const ACTIVE_CONSTRUCTS = /(?:expression\s*\(|behaviou?r\s*:|-moz-binding|javascript\s*:|vbscript\s*:|(?:-webkit-)?image-set\s*\(|\bsrc\s*\()[^;{}]*/gi;
const URL_FUNCTION = /url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

export function cleanCss(css: string, options: CleanCssOptions): string {
  // Comments and escapes first: "ex/**/pression(" and "\65 xpression(" must be seen as what they are.
  const plain = decodeEscapes(css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, " "))
    // A decoded backslash must not start a new escape in the output ("\5c 65xpression(").
    .replace(/[\\\u0000-\u0008\u000b\u000e-\u001f]/g, "");
  return plain
    .replace(/@import[^;{}]*;?/gi, "")
    // The rest of the declaration goes with it (an image-set's strings are URLs too).
    .replace(ACTIVE_CONSTRUCTS, "x-blocked")
    .replace(URL_FUNCTION, (_match, double?: string, single?: string, bare?: string) => {
      const target = (double ?? single ?? bare ?? "").trim();
      const replacement = target ? options.rewriteUrl(target) : null;
      return replacement ? `url("${replacement.replace(/["\\\n\r]/g, encodeURIComponent)}")` : "none";
    })
    // Stray "<" could end a <style> element early when the sheet is written back into a document.
    .replace(/</g, "\\3c ");
}

/** CSS escapes (CSS Syntax §4.3.7): a backslash and up to six hex digits (and one whitespace), or a backslash and a character. */
function decodeEscapes(css: string): string {
  return css.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([^\n\r\f0-9a-fA-F])/g, (_match, hex?: string, char?: string) => {
    if (char !== undefined) return char;
    const code = parseInt(hex!, 16);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? "\ufffd" : String.fromCodePoint(code);
  });
}
