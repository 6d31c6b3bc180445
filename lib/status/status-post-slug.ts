// A post's permalink segment: its date and title, readable, and unique (a suffix when taken).
import type { DbClient } from "../audit/record-audit-event.ts";

export function slugBase(title: string, at: Date): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${at.toISOString().slice(0, 10)}-${words || "post"}`;
}

export async function uniqueSlug(db: DbClient, title: string, at: Date): Promise<string> {
  const base = slugBase(title, at);
  const taken = new Set((await db.statusPost.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
