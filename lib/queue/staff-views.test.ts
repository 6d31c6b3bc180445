import { beforeAll, describe, expect, it } from "vitest";
import { listQueue } from "./list-queue.ts";
import { retryNow } from "./retry-now.ts";
import { dropRecipient } from "./drop-recipient.ts";
import { summarizeForwardDiscards } from "./summarize-forward-discards.ts";
import { summarizeComplaints, COMPLAINT_SAMPLE_BYTES } from "./summarize-complaints.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { SYSTEM_ACTOR, type Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";
import { createQueuedMessage, QUEUED_BODY_MARKER } from "../../scripts/test-support/queue-fixtures.ts";

// The run's database is shared with other test files (the sending tests queue mail too), so each
// test works in destination domains, mailboxes or periods of its own.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let staff: Principal;
let alice: Principal;

/** A mailbox made here (SELF, no role unless given), as its Principal. */
async function newMailbox(prefix: string, role: "STAFF" | null = null): Promise<Principal> {
  const db = await testDb();
  const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName(prefix)}@mailwright.test`, password: "a fine password", role });
  return (await loadPrincipal(db, mailbox.id))!;
}

beforeAll(async () => {
  // STAFF, not the demo's ADMIN: the plain staff role is what these views ask for.
  staff = await newMailbox("support", "STAFF");
  alice = await principalOf("alice@example.test");
});

describe("listQueue", () => {
  it("shows staff each recipient with its message's envelope: waiting ones by next try, then finished ones newest first, never the content", async () => {
    const db = await testDb();
    const domain = `${uniqueName("dest")}.test`;
    const now = new Date();
    const { messageId, recipientIds } = await createQueuedMessage(db, {
      senderMailboxId: alice.mailboxId,
      mailFrom: "alice@example.test",
      recipients: [
        { address: `later@${domain}`, attempts: 3, nextAttemptAt: new Date(now.getTime() + 120 * MINUTE), lastError: "451 4.7.1 Greylisted, try again later", lastHost: `mx.${domain}` },
        { address: `sooner@${domain}`, nextAttemptAt: new Date(now.getTime() + 60 * MINUTE) },
        { address: `done-earlier@${domain}`, state: "DELIVERED", attempts: 1, finishedAt: new Date(now.getTime() - 60 * MINUTE) },
        { address: `done-later@${domain}`, state: "BOUNCED", attempts: 1, finishedAt: new Date(now.getTime() - 10 * MINUTE), lastError: "550 5.1.1 No such user" },
        { address: `elsewhere@other-${domain}` },
      ],
    });
    const [later, sooner, delivered, bounced] = recipientIds;

    const listing = await listQueue(db, { actor: staff, domain: domain.toUpperCase(), page: 1, pageSize: 10 });
    expect(listing.rows.map((row) => row.id)).toEqual([sooner, later, bounced, delivered]);
    expect(listing.counts).toEqual({ QUEUED: 2, DELIVERED: 1, BOUNCED: 1, EXPIRED: 0, DROPPED: 0 });
    expect(listing.total).toBe(4);
    expect(listing.rows[1]).toMatchObject({
      address: `later@${domain}`,
      state: "QUEUED",
      attempts: 3,
      lastError: "451 4.7.1 Greylisted, try again later",
      lastHost: `mx.${domain}`,
      isBeingDelivered: false,
      message: { id: messageId, origin: "SUBMISSION", mailFrom: "alice@example.test", senderAddress: "alice@example.test", forwardingAddress: null },
    });
    expect(listing.rows[1]!.message.size).toBeGreaterThan(0);
    expect(listing.rows[1]!.message).not.toHaveProperty("content");
    expect(JSON.stringify(listing)).not.toContain(QUEUED_BODY_MARKER);

    const queued = await listQueue(db, { actor: staff, domain, state: "QUEUED", page: 1, pageSize: 10 });
    expect(queued.rows.map((row) => row.id)).toEqual([sooner, later]);
    expect(queued.total).toBe(2);
    const bouncedOnly = await listQueue(db, { actor: staff, domain, state: "BOUNCED", page: 1, pageSize: 10 });
    expect(bouncedOnly.rows.map((row) => row.id)).toEqual([bounced]);

    // Pages run across the turn from waiting to finished rows without repeating or skipping one.
    const first = await listQueue(db, { actor: staff, domain, page: 1, pageSize: 3 });
    const second = await listQueue(db, { actor: staff, domain, page: 2, pageSize: 3 });
    expect(first.rows.map((row) => row.id)).toEqual([sooner, later, bounced]);
    expect(second.rows.map((row) => row.id)).toEqual([delivered]);
  });

  it("is for staff only: a customer's mailbox, even a manager's, is refused", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    for (const actor of [alice, manager]) {
      await expect(listQueue(db, { actor, page: 1, pageSize: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(retryNow(db, { actor, recipientId: "any" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(dropRecipient(db, { actor, recipientId: "any" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(summarizeForwardDiscards(db, { actor, days: 7 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(summarizeComplaints(db, { actor, days: 7 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(listQueue(db, { actor: await principalOf("admin@mailwright.test"), page: 1, pageSize: 1 })).resolves.toMatchObject({ page: 1 });
  });

  it("refuses a page size out of range", async () => {
    await expect(listQueue(await testDb(), { actor: staff, page: 1, pageSize: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("retryNow", () => {
  it("makes a waiting recipient due now, clears a lapsed lease, and is audited", async () => {
    const db = await testDb();
    const domain = `${uniqueName("retry")}.test`;
    const now = new Date();
    const later = new Date(now.getTime() + 3 * 60 * MINUTE);
    const { recipientIds } = await createQueuedMessage(db, {
      recipients: [{ address: `x@${domain}`, attempts: 2, nextAttemptAt: later, lastError: "421 4.3.2 Busy", leaseUntil: new Date(now.getTime() - MINUTE), leaseToken: "dead-runner" }],
    });
    const id = recipientIds[0]!;

    await expect(retryNow(db, { actor: staff, recipientId: id, clientIp: "192.0.2.7", now })).resolves.toEqual({ nextAttemptAt: now });
    expect(await db.outboundRecipient.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "QUEUED", nextAttemptAt: now, leaseUntil: null, leaseToken: null, attempts: 2, lastError: "421 4.3.2 Busy" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetType: "outboundRecipient", targetId: id } });
    expect(audit).toMatchObject({ action: "queue.recipient.retry", actorId: staff.mailboxId, actorAddress: staff.address, clientIp: "192.0.2.7" });
    expect(audit.details).toMatchObject({ address: `x@${domain}`, previousNextAttemptAt: later.toISOString() });
  });

  it("leaves a live lease to the attempt under way", async () => {
    const db = await testDb();
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + 5 * MINUTE);
    const { recipientIds } = await createQueuedMessage(db, {
      recipients: [{ address: `x@${uniqueName("leased")}.test`, nextAttemptAt: new Date(now.getTime() + 60 * MINUTE), leaseUntil, leaseToken: "live-runner" }],
    });
    await retryNow(db, { actor: staff, recipientId: recipientIds[0]!, now });
    expect(await db.outboundRecipient.findUniqueOrThrow({ where: { id: recipientIds[0]! } })).toMatchObject({ nextAttemptAt: now, leaseUntil, leaseToken: "live-runner" });
  });

  it("says NOT_FOUND for no such recipient and CONFLICT for one no longer waiting, and audits neither", async () => {
    const db = await testDb();
    const finishedAt = new Date(Date.now() - MINUTE);
    const { recipientIds } = await createQueuedMessage(db, { recipients: [{ address: `x@${uniqueName("done")}.test`, state: "DELIVERED", finishedAt }] });
    await expect(retryNow(db, { actor: staff, recipientId: "no-such-recipient" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryNow(db, { actor: staff, recipientId: recipientIds[0]! })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/delivered/) });
    expect(await db.outboundRecipient.findUniqueOrThrow({ where: { id: recipientIds[0]! } })).toMatchObject({ state: "DELIVERED", finishedAt });
    expect(await db.auditEvent.count({ where: { targetId: { in: [recipientIds[0]!, "no-such-recipient"] } } })).toBe(0);
  });
});

describe("dropRecipient", () => {
  it("drops a waiting recipient for good, audited, and only once", async () => {
    const db = await testDb();
    const domain = `${uniqueName("drop")}.test`;
    const now = new Date();
    const { recipientIds } = await createQueuedMessage(db, {
      recipients: [
        { address: `spam@${domain}`, attempts: 4, lastError: "451 4.7.650 Rate limited", leaseUntil: new Date(now.getTime() - MINUTE), leaseToken: "dead-runner" },
        { address: `keep@${domain}` },
      ],
    });
    const [dropped, kept] = recipientIds as [string, string];

    await expect(dropRecipient(db, { actor: staff, recipientId: dropped, now })).resolves.toEqual({ finishedAt: now });
    expect(await db.outboundRecipient.findUniqueOrThrow({ where: { id: dropped } })).toMatchObject({ state: "DROPPED", finishedAt: now, leaseUntil: null, leaseToken: null });
    expect(await db.outboundRecipient.findUniqueOrThrow({ where: { id: kept } })).toMatchObject({ state: "QUEUED", finishedAt: null });
    expect(await db.auditEvent.findFirstOrThrow({ where: { targetType: "outboundRecipient", targetId: dropped } })).toMatchObject({ action: "queue.recipient.drop", actorId: staff.mailboxId });

    await expect(dropRecipient(db, { actor: staff, recipientId: dropped })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/dropped/) });
    expect(await db.auditEvent.count({ where: { targetId: dropped } })).toBe(1);
    const listing = await listQueue(db, { actor: staff, domain, page: 1, pageSize: 10 });
    expect(listing.counts).toMatchObject({ QUEUED: 1, DROPPED: 1 });
    expect(listing.rows.map((row) => [row.id, row.state])).toEqual([
      [kept, "QUEUED"],
      [dropped, "DROPPED"],
    ]);
  });

  it("refuses what is not waiting, and what an attempt holds right now", async () => {
    const db = await testDb();
    const domain = `${uniqueName("nodrop")}.test`;
    const now = new Date();
    const { recipientIds } = await createQueuedMessage(db, {
      recipients: [
        { address: `bounced@${domain}`, state: "BOUNCED", finishedAt: now },
        { address: `expired@${domain}`, state: "EXPIRED", finishedAt: now },
        { address: `busy@${domain}`, leaseUntil: new Date(now.getTime() + 5 * MINUTE), leaseToken: "live-runner" },
      ],
    });
    const [bounced, expired, busy] = recipientIds as [string, string, string];
    await expect(dropRecipient(db, { actor: staff, recipientId: bounced, now })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(dropRecipient(db, { actor: staff, recipientId: expired, now })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(dropRecipient(db, { actor: staff, recipientId: busy, now })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/under way/) });
    await expect(dropRecipient(db, { actor: staff, recipientId: "no-such-recipient", now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const states = await db.outboundRecipient.findMany({ where: { domain }, orderBy: { address: "asc" }, select: { address: true, state: true } });
    expect(states.map((row) => row.state)).toEqual(["BOUNCED", "QUEUED", "EXPIRED"]);
    expect(await db.auditEvent.count({ where: { targetId: { in: recipientIds } } })).toBe(0);
  });
});

describe("summarizeForwardDiscards", () => {
  it("sums each destination's discards over the last N days, today included, most first", async () => {
    const db = await testDb();
    // A period in the future: no other test writes discards for it.
    const now = new Date("2031-03-10T18:00:00Z");
    const busy = `${uniqueName("busy")}.test`;
    const quiet = `${uniqueName("quiet")}.test`;
    await db.forwardDiscardDay.createMany({
      data: [
        { destinationDomain: busy, day: "2031-03-10", count: 3 },
        { destinationDomain: busy, day: "2031-03-08", count: 2 },
        { destinationDomain: busy, day: "2031-03-03", count: 100 }, // one day too old for 7 days
        { destinationDomain: busy, day: "2031-03-11", count: 50 }, // after the period
        { destinationDomain: quiet, day: "2031-03-04", count: 4 }, // the period's first day
      ],
    });
    expect(await summarizeForwardDiscards(db, { actor: staff, days: 7, now })).toEqual({
      firstDay: "2031-03-04",
      lastDay: "2031-03-10",
      destinations: [
        { destinationDomain: busy, count: 5, lastDiscardDay: "2031-03-10" },
        { destinationDomain: quiet, count: 4, lastDiscardDay: "2031-03-04" },
      ],
      total: 9,
    });
    expect(await summarizeForwardDiscards(db, { actor: staff, days: 1, now })).toMatchObject({ firstDay: "2031-03-10", destinations: [{ destinationDomain: busy, count: 3 }], total: 3 });
    await expect(summarizeForwardDiscards(db, { actor: staff, days: 0, now })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("summarizeComplaints", () => {
  it("counts complaints per sender, forwarder and destination, rates them against delivered recipients, and shows the newest samples cut at 2 KiB", async () => {
    const db = await testDb();
    // A period of its own in the future: 30 days up to now.
    const now = new Date("2032-06-15T12:00:00Z");
    const inPeriod = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
    const [sender, quietSender, forwarder] = await Promise.all([newMailbox("sender"), newMailbox("quiet"), newMailbox("forwarder")]);
    const hotmail = `${uniqueName("hotmail")}.test`;
    const gmail = `${uniqueName("gmail")}.test`;

    // The sender had 4 remote recipients delivered in the period; the rest do not count.
    await createQueuedMessage(db, {
      senderMailboxId: sender.mailboxId,
      recipients: [
        ...[1, 2, 3, 4].map((n) => ({ address: `r${n}@${hotmail}`, state: "DELIVERED" as const, finishedAt: inPeriod(n) })),
        { address: `old@${hotmail}`, state: "DELIVERED", finishedAt: inPeriod(31) },
        { address: `bounced@${hotmail}`, state: "BOUNCED", finishedAt: inPeriod(2) },
        { address: `waiting@${hotmail}` },
      ],
    });
    await createQueuedMessage(db, { forwardMailboxId: forwarder.mailboxId, origin: "FORWARD", recipients: [{ address: `f@${gmail}`, state: "DELIVERED", finishedAt: inPeriod(1) }] });

    const long = `${"a".repeat(COMPLAINT_SAMPLE_BYTES - 1)}é and more after the cut`; // é's two bytes straddle the limit
    const report = (fields: { receivedAt: Date; feedbackType?: string; sendingMailboxId?: string; forwardMailboxId?: string; destinationDomain: string; sample?: string }) => ({
      feedbackType: "abuse",
      reporter: fields.destinationDomain,
      sample: "Subject: hello\r\n\r\nbody",
      ...fields,
    });
    await db.feedbackReport.createMany({
      data: [
        report({ receivedAt: inPeriod(5), sendingMailboxId: sender.mailboxId, destinationDomain: hotmail }),
        report({ receivedAt: inPeriod(0.5), sendingMailboxId: sender.mailboxId, destinationDomain: hotmail, sample: long }),
        report({ receivedAt: inPeriod(3), feedbackType: "not-spam", sendingMailboxId: sender.mailboxId, destinationDomain: hotmail }), // not a complaint
        report({ receivedAt: inPeriod(40), sendingMailboxId: sender.mailboxId, destinationDomain: hotmail }), // before the period
        report({ receivedAt: inPeriod(2), feedbackType: "fraud", sendingMailboxId: quietSender.mailboxId, destinationDomain: gmail }),
        report({ receivedAt: inPeriod(0.25), forwardMailboxId: forwarder.mailboxId, destinationDomain: gmail, sample: "<script>alert(1)</script>" }),
      ],
    });

    const summary = await summarizeComplaints(db, { actor: staff, days: 30, sampleCount: 2, now });
    expect(summary.total).toBe(4);
    expect(summary.bySendingMailbox).toEqual([
      { mailboxId: sender.mailboxId, address: sender.address, complaints: 2, delivered: 4, rate: 0.5 },
      { mailboxId: quietSender.mailboxId, address: quietSender.address, complaints: 1, delivered: 0, rate: null },
    ]);
    expect(summary.byForwardingMailbox).toEqual([{ mailboxId: forwarder.mailboxId, address: forwarder.address, complaints: 1 }]);
    expect(summary.byDestinationDomain).toEqual(
      [
        { destinationDomain: hotmail, complaints: 2 },
        { destinationDomain: gmail, complaints: 2 },
      ].sort((a, b) => a.destinationDomain.localeCompare(b.destinationDomain)),
    );

    // The newest two, the markup as it came (the page escapes it), the long one cut before the é.
    expect(summary.samples.map((sample) => [sample.feedbackType, sample.destinationDomain, sample.receivedAt])).toEqual([
      ["abuse", gmail, inPeriod(0.25)],
      ["abuse", hotmail, inPeriod(0.5)],
    ]);
    expect(summary.samples[0]).toMatchObject({ reporter: gmail, sample: "<script>alert(1)</script>", isSampleCut: false });
    expect(summary.samples[1]).toMatchObject({ sample: "a".repeat(COMPLAINT_SAMPLE_BYTES - 1), isSampleCut: true });
  });
});
