// Content-Disposition for a download whose name came from a mail: RFC 6266 with RFC 8187's filename*.

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded`. Never lets the name break the header. */
export function contentDisposition(type: "attachment" | "inline", filename: string): string {
  // No path, no controls: the name of a file, as the sender may not dictate where it goes.
  const name = filename.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim().slice(0, 200) || "attachment";
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
