/** A DKIM key as the Manager shows it. */
export type DkimKeyRow = { id: string; selector: string; dnsRecord: string; isActive: boolean; createdAt: Date };

/**
 * - ACTIVE: the key that signs (the newest active one, as `ensureDkimKey` picks it).
 * - NEXT: made by a rotation, newer than the active key, not signing until its record is published.
 * - RETIRED: signed before; its record stays published so mail already sent still verifies.
 */
export type DkimKeyState = "ACTIVE" | "NEXT" | "RETIRED";

/** Each key with its state, newest first. */
export function classifyDkimKeys<K extends DkimKeyRow>(keys: K[]): (K & { state: DkimKeyState })[] {
  const newestFirst = [...keys].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.selector.localeCompare(a.selector));
  const active = newestFirst.find((key) => key.isActive);
  return newestFirst.map((key) => {
    if (key === active) return { ...key, state: "ACTIVE" as const };
    const isNext = !key.isActive && active !== undefined && key.createdAt.getTime() > active.createdAt.getTime();
    return { ...key, state: isNext ? ("NEXT" as const) : ("RETIRED" as const) };
  });
}
