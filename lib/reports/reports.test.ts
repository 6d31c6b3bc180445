import { beforeAll, describe, expect, it } from "vitest";
import { createRejectLog, type RejectEntry } from "../delivery/reject-log.ts";
import { isAllowedSender } from "../delivery/allowed-sender.ts";
import { readerFor } from "../db-reader.ts";
import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";
import { listRejects, findReject } from "./list-rejects.ts";
import { loadCatchAllDays, loadRejectCharts } from "./reject-charts.ts";
import { resolveRejectScope } from "./reject-scope.ts";
import { RejectFilterParams, settleFilters } from "./reject-filters.ts";
import { rejectsCsv, csvField } from "./rejects-csv.ts";
import { allowSender } from "./allow-sender.ts";
import { pruneRejects } from "./prune-rejects.ts";
import { sendRejectDigests, setRejectDigest } from "./send-reject-digests.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

// A day of its own (long past) so that the roll-ups hold only what these tests wrote.
const DAY = "2020-03-10";
const at = (hour: number) => new Date(`${DAY}T${String(hour).padStart(2, "0")}:00:00Z`);
const filters = (params: Record<string, string> = {}) => settleFilters(RejectFilterParams.parse({ from: DAY, to: DAY, ...params }));

let db: Db;
let manager: Principal, alice: Principal, bob: Principal, admin: Principal;
let domainId: string;
const spamDomain = `${uniqueName("spam")}.example`;

function entry(overrides: Partial<RejectEntry>): RejectEntry {
  return { stage: "RCPT", smtpCode: 550, enhancedCode: "5.7.1", reasonKey: "blocked_sender", reasonText: "Access denied", at: at(10), clientIp: "198.51.100.7", helo: "mx.spam.example", mailFrom: `pest@${spamDomain}`, rcptTo: "alice@example.test", isCatchAll: false, ...overrides };
}

beforeAll(async () => {
  db = await testDb();
  [manager, alice, bob, admin] = await Promise.all(["manager@example.test", "alice@example.test", "bob@example.test", "admin@mailwright.test"].map(principalOf)) as [Principal, Principal, Principal, Principal];
  domainId = (await db.domain.findFirstOrThrow({ where: { accountId: manager.accountId }, select: { id: true } })).id;
  const log = createRejectLog(db, { catchAllDailyCap: 3, flushIntervalMs: 10_000 });
  const forAlice = { accountId: alice.accountId, mailboxId: alice.mailboxId, domainId, rcptTo: "alice@example.test" };
  const forBob = { accountId: bob.accountId, mailboxId: bob.mailboxId, domainId, rcptTo: "bob@example.test" };
  log.record(entry({ ...forAlice, at: at(9) }));
  log.record(entry({ ...forAlice, at: at(11), stage: "DATA", reasonKey: "spam", reasonText: "Message rejected as spam (score 12.5)", score: 12.5, ruleHits: [{ name: "URIBL", score: 5 }], clientIp: "203.0.113.9", mailFrom: `Promo@${spamDomain}` }));
  log.record(entry({ ...forBob, at: at(12), reasonKey: "dnsbl", stage: "CONNECT", reasonText: "blocked using zen, \"quoted\"" }));
  // Five catch-all refusals on a cap of 3: all counted, three stored.
  for (let i = 0; i < 5; i++) log.record(entry({ accountId: manager.accountId, domainId, rcptTo: `nobody${i}@example.test`, reasonKey: "unknown_user", isCatchAll: true, at: at(13) }));
  await log.close();
});

describe("reject reports", () => {
  it("scopes: a mailbox sees its own, a manager the account's, staff everything; wider is refused", async () => {
    expect(resolveRejectScope(alice)).toEqual({ kind: "mailbox", accountId: alice.accountId, mailboxId: alice.mailboxId });
    expect(resolveRejectScope(manager)).toEqual({ kind: "account", accountId: manager.accountId });
    expect(resolveRejectScope(admin)).toEqual({ kind: "all" });
    expect(() => resolveRejectScope(alice, { view: "account" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => resolveRejectScope(manager, { view: "all" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => resolveRejectScope(manager, { view: "account", accountId: admin.accountId })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));

    const recipients = async (actor: Principal) => (await listRejects(db, { actor, scope: resolveRejectScope(actor), filters: filters({ domain: spamDomain }) })).rows.map((r) => r.rcptTo);
    expect(await recipients(alice)).toEqual(["alice@example.test", "alice@example.test"]);
    expect(await recipients(bob)).toEqual(["bob@example.test"]);
    expect(await recipients(manager)).toEqual(["bob@example.test", "alice@example.test", "alice@example.test"]);
    expect((await recipients(admin)).length).toBe(3);
  });

  it("filters, searches, sorts and pages", async () => {
    const scope = resolveRejectScope(manager);
    const list = async (params: Record<string, string>, page = 1, pageSize = 50) => listRejects(db, { actor: manager, scope, filters: filters({ domain: spamDomain, ...params }), page, pageSize });
    expect((await list({ reason: "spam" })).rows).toMatchObject([{ stage: "DATA", score: 12.5, ruleHits: [{ name: "URIBL", score: 5 }], clientIp: "203.0.113.9" }]);
    expect((await list({ stage: "CONNECT" })).rows.map((r) => r.reasonKey)).toEqual(["dnsbl"]);
    expect((await list({ ip: "198.51.100.7" })).rows.length).toBe(2);
    expect((await list({ recipient: "bob@example.test" })).rows.length).toBe(1);
    expect((await list({ q: "Promo" })).rows.map((r) => r.reasonKey)).toEqual(["spam"]);
    expect((await list({ sort: "time-asc" })).rows.map((r) => r.at.getUTCHours())).toEqual([9, 11, 12]);
    const first = await list({}, 1, 2);
    const second = await list({}, 2, 2);
    expect([first.hasMore, second.hasMore]).toEqual([true, false]);
    expect([...first.rows, ...second.rows].map((r) => r.at.getUTCHours())).toEqual([12, 11, 9]);
    // Another day: nothing.
    expect((await listRejects(db, { actor: manager, scope, filters: settleFilters(RejectFilterParams.parse({ from: "2020-03-11", to: "2020-03-12", domain: spamDomain })) })).rows).toEqual([]);
  });

  it("hides catch-all refusals unless asked, stores only the daily cap and counts them all", async () => {
    const scope = resolveRejectScope(manager);
    const catchAll = async (params: Record<string, string>) => (await listRejects(db, { actor: manager, scope, filters: filters({ reason: "unknown_user", q: "nobody", ...params }) })).rows;
    expect(await catchAll({})).toEqual([]);
    expect((await catchAll({ catchAll: "1" })).length).toBe(3);
    const days = await loadCatchAllDays(db, { actor: manager, scope, fromDay: DAY, toDay: DAY, cap: 3 });
    expect(days).toEqual([{ domain: "example.test", day: DAY, count: 5, stored: 3 }]);
    expect(await loadCatchAllDays(db, { actor: alice, scope: resolveRejectScope(alice), fromDay: DAY, toDay: DAY, cap: 3 })).toEqual([]);
  });

  it("charts come from roll-ups kept by the reject log, per scope, without catch-alls", async () => {
    const charts = await loadRejectCharts(db, { actor: manager, scope: resolveRejectScope(manager), fromDay: "2020-03-09", toDay: DAY });
    expect(charts.days).toEqual([
      { day: "2020-03-09", blocked_sender: 0, dnsbl: 0, spam: 0 },
      { day: DAY, blocked_sender: 1, dnsbl: 1, spam: 1 },
    ]);
    expect(charts.total).toBe(3);
    expect(charts.topSenders).toEqual([
      { value: `pest@${spamDomain}`, count: 2 },
      { value: `promo@${spamDomain}`, count: 1 },
    ]);
    expect(charts.topIps).toEqual([
      { value: "198.51.100.7", count: 2 },
      { value: "203.0.113.9", count: 1 },
    ]);
    const own = await loadRejectCharts(db, { actor: alice, scope: resolveRejectScope(alice), fromDay: DAY, toDay: DAY });
    expect(own.topReasons).toEqual([
      { value: "blocked_sender", count: 1 },
      { value: "spam", count: 1 },
    ]);
    const everything = await loadRejectCharts(db, { actor: admin, scope: { kind: "all" }, fromDay: DAY, toDay: DAY });
    expect(everything.total).toBe(3);
    await expect(loadRejectCharts(db, { actor: alice, scope: { kind: "all" }, fromDay: DAY, toDay: DAY })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("CSV has the table's rows, quoted where needed and safe for spreadsheets", async () => {
    const { rows } = await listRejects(db, { actor: manager, scope: resolveRejectScope(manager), filters: filters({ domain: spamDomain }) });
    const lines = rejectsCsv(rows).trimEnd().split("\r\n");
    expect(lines.length).toBe(rows.length + 1);
    expect(lines[0]).toMatch(/^time_utc,sender,recipient,/);
    expect(lines[1]).toContain(`${DAY}T12:00:00.000Z,pest@${spamDomain},bob@example.test,198.51.100.7`);
    expect(lines[1]).toContain('"blocked using zen, ""quoted"""');
    expect(csvField("=cmd()")).toBe("'=cmd()");
  });

  it("allow this sender: the mailbox or its managers, audited, seen by the MX's lookup", async () => {
    const row = (await listRejects(db, { actor: alice, scope: resolveRejectScope(alice), filters: filters({ reason: "blocked_sender", domain: spamDomain }) })).rows[0]!;
    expect(await findReject(db, { actor: bob, id: row.id })).toBeNull();
    expect(await findReject(db, { actor: manager, id: row.id })).toMatchObject({ id: row.id });
    const reader = readerFor(db);
    expect(await isAllowedSender(reader, alice.mailboxId, row.mailFrom)).toBe(false);
    await expect(allowSender(db, { actor: bob, mailboxId: alice.mailboxId, address: row.mailFrom })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await allowSender(db, { actor: alice, clientIp: "192.0.2.9", mailboxId: alice.mailboxId, address: row.mailFrom.toUpperCase() });
    await allowSender(db, { actor: manager, mailboxId: alice.mailboxId, address: row.mailFrom });
    expect(await isAllowedSender(reader, alice.mailboxId, row.mailFrom)).toBe(true);
    expect(await isAllowedSender(reader, bob.mailboxId, row.mailFrom)).toBe(false);
    const audit = await db.auditEvent.findMany({ where: { action: "allowed-sender.add", targetId: alice.mailboxId } });
    expect(audit.map((event) => event.actorAddress)).toEqual(["alice@example.test"]);
  });

  it("pruning deletes refusals and roll-ups older than the retention in batches", async () => {
    const old = new Date("2019-01-05T10:00:00Z");
    const log = createRejectLog(db, { catchAllDailyCap: 3 });
    for (let i = 0; i < 7; i++) log.record(entry({ at: old, accountId: alice.accountId, mailboxId: alice.mailboxId, rcptTo: "alice@example.test" }));
    log.record(entry({ at: old, accountId: alice.accountId, domainId, isCatchAll: true }));
    await log.close();
    const result = await pruneRejects(db, { now: new Date("2019-02-10T00:00:00Z"), retentionDays: 30, batchSize: 3 });
    expect(result.rejects).toBe(8);
    expect(await db.rejectEvent.count({ where: { at: { lt: new Date("2019-01-11T00:00:00Z") } } })).toBe(0);
    expect(await db.rejectDayCount.count({ where: { day: "2019-01-05" } })).toBe(0);
    expect(await db.catchAllRejectDay.count({ where: { day: "2019-01-05" } })).toBe(0);
    // Newer rows stay.
    expect(await db.rejectEvent.count({ where: { at: { gte: at(0), lt: at(23) } } })).toBeGreaterThanOrEqual(6);
  });
});

describe("daily reject digest", () => {
  it("sends yesterday's refusals once to a mailbox that asked, nothing to one without refusals", async () => {
    const store = await createTestStore();
    const quiet = await createTestStore();
    const log = createRejectLog(store.db, { catchAllDailyCap: 3 });
    for (let hour = 1; hour <= 3; hour++) log.record(entry({ at: new Date(`2021-06-01T0${hour}:00:00Z`), accountId: manager.accountId, mailboxId: store.mailboxId, rcptTo: store.address }));
    await log.close();
    await setRejectDigest(store.db, store.mailboxId, true);
    await setRejectDigest(store.db, quiet.mailboxId, true);
    const now = new Date("2021-06-02T00:10:00Z");
    expect(await sendRejectDigests(store.deps, { now })).toEqual({ day: "2021-06-01", sent: 1, empty: 1 });
    expect(await sendRejectDigests(store.deps, { now })).toEqual({ day: "2021-06-01", sent: 0, empty: 0 });
    const messages = await store.db.message.findMany({ where: { mailboxId: store.mailboxId }, select: { subject: true } });
    expect(messages.map((m) => m.subject)).toEqual(["Refused mail on 2021-06-01: 3"]);
    expect(await store.db.message.count({ where: { mailboxId: quiet.mailboxId } })).toBe(0);
  });
});
