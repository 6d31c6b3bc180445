import { AppError } from "../errors.ts";

export const FOLDER_SEPARATOR = "/";
export const MAX_FOLDER_DEPTH = 32;
export const MAX_FOLDER_NAME_BYTES = 255;

/**
 * Checks a folder path and returns it in stored form: levels joined by "/", the inbox always
 * "INBOX" (RFC 9051 §5.1: INBOX is case-insensitive), text in Unicode NFC so that the same name
 * typed on two systems is one folder. Throws INVALID_INPUT saying what is wrong.
 */
export function normalizeFolderName(input: string): string {
  const name = input.normalize("NFC");
  const problem = folderNameProblem(name);
  if (problem) throw new AppError("INVALID_INPUT", `Folder name ${JSON.stringify(input.slice(0, 80))}: ${problem}.`);
  const [first, ...rest] = name.split(FOLDER_SEPARATOR);
  return first!.toUpperCase() === "INBOX" ? ["INBOX", ...rest].join(FOLDER_SEPARATOR) : name;
}

function folderNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "it is empty";
  if (Buffer.byteLength(name) > MAX_FOLDER_NAME_BYTES) return `it is longer than ${MAX_FOLDER_NAME_BYTES} bytes`;
  // Control characters break protocol framing and listings; IMAP's wildcards and the quoting
  // characters would make LIST patterns and quoted strings ambiguous.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return "it contains control characters";
  if (/[*%"\\]/.test(name)) return 'it contains one of * % " \\';
  const levels = name.split(FOLDER_SEPARATOR);
  if (levels.length > MAX_FOLDER_DEPTH) return `it is nested deeper than ${MAX_FOLDER_DEPTH} levels`;
  if (levels.some((level) => level === "")) return "a level is empty (leading, trailing or double /)";
  if (levels.some((level) => level === "." || level === "..")) return 'a level is "." or ".."';
  if (levels.some((level) => level !== level.trim())) return "a level starts or ends with a space";
  return undefined;
}

/** True for the folder itself and everything below it. */
export function isSameOrInside(name: string, ancestor: string): boolean {
  return name === ancestor || name.startsWith(ancestor + FOLDER_SEPARATOR);
}
