// Consistency checks for a MIME index, for tests and for an index read back from storage.
import type { MimePart } from "./message-index.ts";

/**
 * What is wrong with the offsets and sections of a part tree, as readable sentences; empty when
 * nothing is. Checks that ranges nest and are in order, that the header ends where the body starts,
 * and that sections follow IMAP numbering.
 */
export function listPartTreeProblems(root: MimePart, messageSize: number): string[] {
  const problems: string[] = [];
  const check = (part: MimePart, start: number, end: number, label: string) => {
    const { headerStart, headerEnd, bodyStart, bodyEnd } = part;
    if (!(start <= headerStart && headerStart <= headerEnd && headerEnd === bodyStart && bodyStart <= bodyEnd && bodyEnd <= end)) {
      problems.push(`${label}: offsets ${headerStart}/${headerEnd}/${bodyStart}/${bodyEnd} do not fit in [${start}, ${end})`);
    }
    let previousEnd = bodyStart;
    part.children?.forEach((child, index) => {
      const expected = part.section ? `${part.section}.${index + 1}` : `${index + 1}`;
      if (child.section !== expected) problems.push(`${label}: child ${index + 1} has section "${child.section}", expected "${expected}"`);
      if (child.headerStart < previousEnd) problems.push(`part ${child.section}: starts before its previous sibling ends`);
      previousEnd = child.bodyEnd;
      check(child, bodyStart, bodyEnd, `part ${child.section}`);
    });
    if (part.message) {
      const embedded = part.message.root;
      if (embedded.headerStart !== bodyStart || embedded.bodyEnd !== bodyEnd) problems.push(`${label}: embedded message does not fill the body`);
      check(embedded, bodyStart, bodyEnd, `message in ${label}`);
    }
  };
  if (root.section !== "") problems.push(`root: section "${root.section}", expected ""`);
  check(root, 0, messageSize, "root");
  return problems;
}
