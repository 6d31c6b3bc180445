// Subject and message-id handling for threading (RFC 5256: SORT SUBJECT, THREAD ORDEREDSUBJECT and REFERENCES).
import { decodeHeaderWords } from "./decode-header-words.ts";

// RFC 5256 §5 ABNF. Matching is case-insensitive. BLOBCHAR is any CHAR except "[" and "]"; non-ASCII
// characters are accepted too, since list tags such as "[Liste-é]" are common in decoded subjects.
const SUBJ_BLOB = String.raw`\[[^\[\]]*\] *`;
const SUBJ_REFWD = String.raw`(?:re|fwd?) *(?:${SUBJ_BLOB})?:`;
/** subj-leader = (*subj-blob subj-refwd) / WSP */
const LEADER = new RegExp(String.raw`^(?:(?:${SUBJ_BLOB})*${SUBJ_REFWD}| )`, "i");
const BLOB = new RegExp(`^${SUBJ_BLOB}`, "i");
const FWD_HEADER = /^\[fwd:/i;

/**
 * The base subject of RFC 5256 §2.1: reply and forward markers ("Re:", "Fwd:", "Fw:"), "[list]" tags,
 * "(fwd)" trailers and "[Fwd: ...]" wrappers removed, white space runs made single spaces. Pass the
 * decoded subject; RFC 2047 words still in it are decoded here (step 1). Case is kept: comparing base
 * subjects is the caller's business, with the i;unicode-casemap collation RFC 5256 §2.1 names.
 */
export function extractBaseSubject(subject: string): string {
  // step 1: decode, tabs and line breaks to spaces, runs of spaces to one
  let text = decodeHeaderWords(subject).replace(/[\t\r\n ]+/g, " ");
  for (;;) {
    text = removeTrailers(text);
    text = removeLeadersAndBlobs(text);
    // step 6: "[fwd: subject]" unwraps to "subject", then everything again from step 2
    if (!FWD_HEADER.test(text) || !text.endsWith("]")) return text;
    text = text.slice(5, -1);
  }
}

/** Step 2: remove subj-trailers ("(fwd)" and white space) from the end, repeatedly. */
function removeTrailers(text: string): string {
  for (;;) {
    if (text.endsWith(" ")) text = text.slice(0, -1);
    else if (text.slice(-5).toLowerCase() === "(fwd)") text = text.slice(0, -5);
    else return text;
  }
}

/**
 * Steps 3 to 5: remove subj-leaders, then subj-blobs as long as a non-empty base remains. One round
 * is enough: a leader that failed to match at the first blob tried every later blob as well, so once
 * blobs are being removed no leader can follow them. Keeps this linear on a subject of many blobs.
 */
function removeLeadersAndBlobs(text: string): string {
  for (let leader = LEADER.exec(text); leader; leader = LEADER.exec(text)) text = text.slice(leader[0].length);
  for (let blob = BLOB.exec(text); blob && text.length > blob[0].length; blob = BLOB.exec(text)) text = text.slice(blob[0].length);
  return text;
}

/**
 * The msg-ids of a References or In-Reply-To value, in order as written (an id that repeats stays
 * twice: RFC 5256 §4 threads by References as written), with angle brackets. Tolerant:
 * text between the ids ("Your message of ...", comments) is skipped, white space inside an id removed,
 * and a value without any "<" yields its "@"-bearing words as ids.
 */
export function parseMessageIds(value: string): string[] {
  const ids: string[] = [];
  if (value.includes("<")) {
    for (const match of value.matchAll(/<([^<>]*)>/g)) {
      const id = match[1].replace(/\s+/g, "");
      if (id) ids.push(`<${id}>`);
    }
  } else {
    for (const word of value.split(/[\s,;]+/)) {
      if (word.includes("@")) ids.push(`<${word}>`);
    }
  }
  return ids;
}
