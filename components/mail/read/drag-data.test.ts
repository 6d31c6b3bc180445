import { describe, expect, it } from "vitest";
import { canNestFolder } from "./drag-data";
import type { FolderSummary } from "./mail-types";

const folder = (id: string, name: string, specialUse: string | null = null): FolderSummary => ({ id, name, specialUse, messageCount: 0, unseenCount: 0 });
const inbox = folder("i", "INBOX", "INBOX");
const sent = folder("s", "Sent", "SENT");
const work = folder("w", "Work");
const clients = folder("c", "Work/Clients");
const acme = folder("a", "Work/Clients/Acme");
const home = folder("h", "Home");

describe("canNestFolder", () => {
  it("lets a custom folder go into another custom folder, or out to the top level when nested", () => {
    expect(canNestFolder(home, work)).toBe(true);
    expect(canNestFolder(acme, work)).toBe(true);
    expect(canNestFolder(clients, null)).toBe(true);
  });

  it("refuses special folders, itself, its own subfolders, where it already is, and a top level it is already at", () => {
    expect(canNestFolder(sent, work)).toBe(false);
    expect(canNestFolder(home, inbox)).toBe(false);
    expect(canNestFolder(home, sent)).toBe(false);
    expect(canNestFolder(work, work)).toBe(false);
    expect(canNestFolder(work, acme)).toBe(false);
    expect(canNestFolder(clients, work)).toBe(false);
    expect(canNestFolder(home, null)).toBe(false);
    // A name that merely starts the same is not a subfolder.
    expect(canNestFolder(folder("x", "Wor"), work)).toBe(true);
    expect(canNestFolder(work, folder("y", "Workshop"))).toBe(true);
  });
});
