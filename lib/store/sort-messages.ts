import type { Db } from "../db.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";

export type SortKey = "ARRIVAL" | "CC" | "DATE" | "FROM" | "SIZE" | "SUBJECT" | "TO" | "DISPLAYFROM" | "DISPLAYTO";

type SortRow = { uid: number; internalDate: Date; sentDate: Date | null; size: number; baseSubject: string; fromName: string; fromAddress: string; toAddress: string; ccAddress: string };

/**
 * Orders messages by RFC 5256 SORT criteria (and RFC 5957's DISPLAYFROM/DISPLAYTO), each optionally
 * reversed; ties fall to the next criterion and finally to UID order (the RFC's sequence order).
 * Strings compare as i;ascii-casemap: ASCII letters folded, otherwise by octet.
 */
export async function sortMessages(db: Db, input: { mailboxId: string; folder: FolderRef; uids: readonly number[]; criteria: readonly { key: SortKey; reverse: boolean }[] }): Promise<number[]> {
  const folder = await findFolder(db, input.mailboxId, input.folder);
  const wanted = new Set(input.uids);
  const rows = (
    await db.message.findMany({
      where: { folderId: folder.id },
      select: { uid: true, internalDate: true, sentDate: true, size: true, baseSubject: true, fromName: true, fromAddress: true, toAddress: true, ccAddress: true },
    })
  ).filter((row) => wanted.has(row.uid));
  const keyed = rows.map((row) => ({ uid: row.uid, values: input.criteria.map(({ key }) => sortValue(row, key)) }));
  keyed.sort((a, b) => {
    for (const [i, { reverse }] of input.criteria.entries()) {
      const order = compare(a.values[i]!, b.values[i]!);
      if (order !== 0) return reverse ? -order : order;
    }
    return a.uid - b.uid;
  });
  return keyed.map((row) => row.uid);
}

function sortValue(row: SortRow, key: SortKey): string | number {
  switch (key) {
    case "ARRIVAL":
      return row.internalDate.getTime();
    case "DATE":
      return (row.sentDate ?? row.internalDate).getTime();
    case "SIZE":
      return row.size;
    case "SUBJECT":
      return casemap(row.baseSubject);
    // The addr-mailbox (local part) of the first address, as RFC 5256 §3 says.
    case "FROM":
      return casemap(localPart(row.fromAddress));
    case "TO":
      return casemap(localPart(row.toAddress));
    case "CC":
      return casemap(localPart(row.ccAddress));
    case "DISPLAYFROM":
      return casemap(row.fromName || row.fromAddress);
    case "DISPLAYTO":
      return casemap(row.toAddress);
  }
}

function localPart(address: string): string {
  const at = address.lastIndexOf("@");
  return at === -1 ? address : address.slice(0, at);
}

function casemap(value: string): string {
  return value.replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}
