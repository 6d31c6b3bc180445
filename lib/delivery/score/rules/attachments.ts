// Rules on attached files that run code when opened.
import type { Rule } from "../rule.ts";

/** Windows runs these on a double-click (a .com, .pif or .scr is a program; .js, .vbs scripts; .lnk a shortcut to one). */
const EXECUTABLE_EXTENSIONS = new Set([
  "exe", "scr", "js", "jse", "vbs", "vbe", "bat", "cmd", "com", "pif", "lnk", "cpl", "hta", "msi", "wsf", "ps1", "jar",
]);
/** Extensions of harmless-looking documents, put in front of the real one: "invoice.pdf.exe". */
const DECOY_EXTENSIONS = new Set(["pdf", "doc", "docx", "xls", "xlsx", "ppt", "txt", "rtf", "jpg", "jpeg", "png", "gif", "zip", "htm", "html", "mp3", "mp4"]);
/** Unicode controls that make "invoice\u202Efdp.exe" display as "invoiceexe.pdf". */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const ATTACHMENT_RULES: Rule[] = [
  {
    name: "ATTACH_EXECUTABLE",
    score: 3.5,
    description: "Attachment is a program or script (.exe, .scr, .js, .vbs, ...)",
    test: ({ attachmentNames }) => attachmentNames.some((name) => readExtensions(name).real !== null),
  },
  {
    name: "ATTACH_DISGUISED_EXT",
    score: 1.5,
    description: "Attached program disguised as a document (invoice.pdf.exe, reversed text)",
    test: ({ attachmentNames }) => attachmentNames.some(isDisguisedProgram),
  },
];

/**
 * The executable extension a name really ends in (null when none) and the one before it. Windows
 * drops trailing dots and spaces, so "run.exe. " is "run.exe".
 */
function readExtensions(name: string): { real: string | null; before: string | null } {
  const parts = name.toLowerCase().replace(/[.\s]+$/, "").split(".");
  const last = parts.length > 1 ? parts[parts.length - 1] : "";
  return { real: EXECUTABLE_EXTENSIONS.has(last) ? last : null, before: parts.length > 2 ? parts[parts.length - 2].trim() : null };
}

function isDisguisedProgram(name: string): boolean {
  const { real, before } = readExtensions(name);
  if (real === null) return false;
  return BIDI_CONTROLS.test(name) || (before !== null && DECOY_EXTENSIONS.has(before));
}
