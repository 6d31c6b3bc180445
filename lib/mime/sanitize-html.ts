// HTML mail made safe to render: DOMPurify on a server-side DOM (jsdom), plus our rules for what
// mail must not do even where plain HTML may: fetch remote resources before the reader asks,
// submit forms, or style itself with anything but inert CSS. The body is also served with a strict
// Content-Security-Policy in a sandboxed frame; this is the first of those three walls, not the only one.
import createDOMPurify, { type DOMPurify } from "dompurify";
import { JSDOM } from "jsdom";
import { cleanCss } from "./clean-css.ts";

export type SanitizeOptions = {
  /** Keep http(s) images and backgrounds; otherwise they are removed and counted. */
  loadRemoteImages: boolean;
  /** Turns a `cid:` reference (Content-ID without brackets) into a URL, or null when the message has no such part. */
  resolveContentId: (contentId: string) => string | null;
};

export type SanitizedHtml = {
  /** The <style> sheets of the message (head and body), cleaned, in order. */
  styles: string[];
  /** The body's inner HTML. */
  body: string;
  /** Remote images, backgrounds and style URLs removed because remote images were not asked for. */
  blockedRemoteCount: number;
};

/** Elements removed with their content. */
const FORBIDDEN_TAGS = ["script", "form", "input", "button", "select", "textarea", "option", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "link", "portal", "noscript", "template"];
const FORBIDDEN_ATTRIBUTES = ["action", "formaction", "ping", "srcdoc", "dynsrc", "lowsrc", "http-equiv"];
/** Attributes that make the browser fetch something by themselves. */
const RESOURCE_ATTRIBUTES = ["src", "srcset", "background", "poster"];
const SAFE_LINK = /^(?:https?:|mailto:|tel:|#)/i;

let purifier: DOMPurify | undefined;
/** The options of the sanitize() running now: DOMPurify's hooks are per instance, and sanitize() is synchronous. */
let current: (SanitizeOptions & { blocked: number }) | null = null;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM("");
  const instance = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style" && current) node.textContent = cleanStyleText(node.textContent ?? "");
  });
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (!current) return;
    const element = node as Element;
    if (typeof element.getAttribute !== "function") return;
    for (const name of RESOURCE_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      const replacement = rewriteResource(value.trim(), name === "srcset");
      if (replacement === null) element.removeAttribute(name);
      else element.setAttribute(name, replacement);
    }
    const style = element.getAttribute("style");
    if (style !== null) {
      const cleaned = cleanStyleText(style);
      if (cleaned.trim()) element.setAttribute("style", cleaned);
      else element.removeAttribute("style");
    }
    if (element.hasAttribute("href") || element.tagName === "A" || element.tagName === "AREA") {
      const href = element.getAttribute("href")?.trim() ?? "";
      if (href && !SAFE_LINK.test(href)) element.removeAttribute("href");
      if (!href.startsWith("#")) {
        element.setAttribute("target", "_blank");
        element.setAttribute("rel", "noopener noreferrer");
      }
    }
  });
  purifier = instance;
  return instance;
}

/** A resource URL as the options allow it: cid: rewritten, data: images kept, remote ones kept or counted, anything else dropped. */
function rewriteResource(value: string, isSrcset: boolean): string | null {
  const options = current!;
  if (/^cid:/i.test(value)) return options.resolveContentId(decodeURIComponentSafe(value.slice(4)).replace(/^<|>$/g, ""));
  if (/^data:image\//i.test(value) && !isSrcset) return value;
  const isRemote = isSrcset ? value.split(",").every((candidate) => /^(?:https?:)?\/\//i.test(candidate.trim())) : /^(?:https?:)?\/\//i.test(value);
  if (!isRemote) return null;
  if (options.loadRemoteImages) return value.startsWith("//") ? `https:${value}` : value;
  options.blocked += 1;
  return null;
}

function cleanStyleText(css: string): string {
  const options = current!;
  const cleaned = cleanCss(css, {
    rewriteUrl: (url) => {
      if (/^cid:/i.test(url)) return options.resolveContentId(url.slice(4).replace(/^<|>$/g, ""));
      if (/^data:image\//i.test(url)) return url;
      if (/^(?:https?:)?\/\//i.test(url)) {
        if (options.loadRemoteImages) return url;
        options.blocked += 1;
      }
      return null;
    },
  });
  return cleaned;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Sanitises an HTML mail body (a whole document or a fragment). Never throws on bad markup. */
export function sanitizeHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  const instance = getPurifier();
  current = { ...options, blocked: 0 };
  try {
    const document = instance.sanitize(html, {
      USE_PROFILES: { html: true },
      WHOLE_DOCUMENT: true,
      RETURN_DOM: true,
      FORBID_TAGS: FORBIDDEN_TAGS,
      FORBID_ATTR: FORBIDDEN_ATTRIBUTES,
      ADD_TAGS: ["style"],
      ALLOW_DATA_ATTR: false,
    }) as unknown as HTMLElement;
    const styles = [...document.querySelectorAll("style")].map((style) => {
      const text = style.textContent ?? "";
      style.remove();
      return text;
    });
    const body = document.querySelector("body");
    return { styles: styles.filter((text) => text.trim() !== ""), body: body ? body.innerHTML : document.innerHTML, blockedRemoteCount: current.blocked };
  } finally {
    current = null;
  }
}
