import type { SectionSpec } from "../../lib/mime/resolve-section.ts";

/** A section as FETCH names it back (RFC 9051 §7.5.2): "1.2.HEADER.FIELDS (FROM TO)", "TEXT", "". */
export function formatSectionName(section: SectionSpec): string {
  const parts = section.part.length > 0 ? [section.part.join(".")] : [];
  if (section.text) parts.push(section.text);
  const name = parts.join(".");
  return section.fields.length > 0 ? `${name} (${section.fields.map((f) => f.toUpperCase()).join(" ")})` : name;
}
