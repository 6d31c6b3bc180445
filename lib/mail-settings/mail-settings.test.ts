import { beforeEach, describe, expect, it } from "vitest";
import { getMailSettings } from "./get-mail-settings.ts";
import { updateMailSettings } from "./update-mail-settings.ts";
import { allowRemoteImagesFrom } from "./allow-remote-images-from.ts";
import { stopRemoteImagesFrom } from "./stop-remote-images-from.ts";
import { listRemoteImageSenders } from "./list-remote-image-senders.ts";
import { setOwnDisplayName } from "../directory/set-own-display-name.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db.ts";
import { isAppError } from "../errors.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

const vacation = { isEnabled: true, subject: "Away", body: "Back soon.", startDate: "2030-07-01", endDate: "2030-07-14", intervalDays: 3 };

async function invalid(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error, "INVALID_INPUT")) throw new Error(`expected INVALID_INPUT, got ${String(error)}`);
  return error.message;
}

describe("mail settings", () => {
  let db: Db;
  let actor: Principal;
  let other: Principal;

  beforeEach(async () => {
    const store = await createTestStore();
    db = store.db;
    actor = (await loadPrincipal(db, store.mailboxId))!;
    const second = await createTestStore();
    other = (await loadPrincipal(db, second.mailboxId))!;
  });

  it("has the defaults until first saved, and says the zone was never chosen", async () => {
    expect(await getMailSettings(db, { actor })).toMatchObject({ signature: "", timeZone: "UTC", hasChosenTimeZone: false, theme: "system", loadRemoteImages: false, vacation: { isEnabled: false, intervalDays: 7, startDate: null } });
  });

  it("saves what is given, keeps the rest, takes dates in the zone, and audits without the text", async () => {
    await updateMailSettings(db, { actor, settings: { signature: "-- \nAlice", timeZone: "america/new_york", theme: "dark", vacation } });
    await updateMailSettings(db, { actor, settings: { loadRemoteImages: true } });
    const saved = await getMailSettings(db, { actor });
    expect(saved).toMatchObject({ signature: "-- \nAlice", timeZone: "America/New_York", hasChosenTimeZone: true, theme: "dark", loadRemoteImages: true });
    expect(saved.vacation).toMatchObject({ isEnabled: true, subject: "Away", startDate: "2030-07-01", endDate: "2030-07-14", intervalDays: 3 });
    // New York is UTC-4 in July: the absence runs from 04:00 UTC on the 1st to 04:00 UTC on the 15th
    expect(saved.vacation.startsAt).toEqual(new Date("2030-07-01T04:00:00Z"));
    expect(saved.vacation.endsAt).toEqual(new Date("2030-07-15T04:00:00Z"));
    const audit = await db.auditEvent.findMany({ where: { targetId: actor.mailboxId, action: "mail-settings.update" }, orderBy: { at: "asc" } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit[0]!.details)).not.toContain("Alice");
    // the other mailbox is untouched
    expect((await getMailSettings(db, { actor: other })).theme).toBe("system");
  });

  it("refuses bad values, naming them, and changes nothing", async () => {
    await updateMailSettings(db, { actor, settings: { theme: "light" } });
    expect(await invalid(updateMailSettings(db, { actor, settings: { theme: "dark", timeZone: "Mars/Olympus" } }))).toMatch(/timeZone: "Mars\/Olympus" is not a known time zone/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, startDate: "2030-07-14", endDate: "2030-07-01" } } }))).toMatch(/endDate: the last day cannot be before the first/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, intervalDays: 31 } } }))).toMatch(/intervalDays/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, subject: "x".repeat(201) } } }))).toMatch(/subject/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, body: " " } } }))).toMatch(/body/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, startDate: "2030-02-30" } } }))).toMatch(/startDate/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { vacation: { ...vacation, startDate: "2020-01-01", endDate: "2020-01-02" } } }))).toMatch(/already ended/);
    expect(await invalid(updateMailSettings(db, { actor, settings: { signature: "x".repeat(10_001) } }))).toMatch(/signature/);
    expect(await getMailSettings(db, { actor })).toMatchObject({ theme: "light", timeZone: "UTC", vacation: { isEnabled: false } });
  });

  it("keeps the senders whose images always load, lower-cased, audited", async () => {
    await allowRemoteImagesFrom(db, { actor, address: " News@Shop.Example " });
    await allowRemoteImagesFrom(db, { actor, address: "news@shop.example" });
    await allowRemoteImagesFrom(db, { actor, address: "deals@shop.example" });
    expect((await listRemoteImageSenders(db, { actor })).map((s) => s.address)).toEqual(["deals@shop.example", "news@shop.example"]);
    expect(await listRemoteImageSenders(db, { actor: other })).toEqual([]);
    await stopRemoteImagesFrom(db, { actor, address: "NEWS@shop.example" });
    expect((await listRemoteImageSenders(db, { actor })).map((s) => s.address)).toEqual(["deals@shop.example"]);
    expect(await invalid(allowRemoteImagesFrom(db, { actor, address: "not an address" }))).toMatch(/Not an address/);
    expect(await db.auditEvent.count({ where: { targetId: actor.mailboxId, action: { startsWith: "mail-settings.remote-images" } } })).toBe(4);
  });

  it("changes the mailbox's own display name", async () => {
    expect(await setOwnDisplayName(db, { actor, displayName: "  Alice Example " })).toBe("Alice Example");
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: actor.mailboxId } })).displayName).toBe("Alice Example");
    expect(await invalid(setOwnDisplayName(db, { actor, displayName: "Evil\r\nBcc: x@y" }))).toMatch(/control characters/);
  });

  it("lets nobody else, not staff viewing the mailbox, read or change them", async () => {
    const viewing: Principal = { ...actor, viewedBy: { mailboxId: other.mailboxId, address: other.address } };
    const forbidden = (e: unknown) => isAppError(e, "FORBIDDEN");
    await expect(getMailSettings(db, { actor: viewing })).rejects.toSatisfy(forbidden);
    await expect(updateMailSettings(db, { actor: viewing, settings: { theme: "dark" } })).rejects.toSatisfy(forbidden);
    await expect(allowRemoteImagesFrom(db, { actor: viewing, address: "a@b.example" })).rejects.toSatisfy(forbidden);
    await expect(setOwnDisplayName(db, { actor: viewing, displayName: "x" })).rejects.toSatisfy(forbidden);
  });
});
