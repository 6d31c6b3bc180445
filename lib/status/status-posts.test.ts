import { describe, expect, it } from "vitest";
import { addStatusUpdate, createStatusPost, editStatusPost } from "./save-status-post.ts";
import { findPublishedPost, listOpenWindows, listPublishedPosts } from "./read-status-posts.ts";
import { getStatusFrontPage } from "./status-front-page.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

// Tests share the run's database (demo posts included): each works in its own far-future year, so
// "newest first" is about its own posts.
const post = (title: string, extra: object = {}) => ({ title, body: "Body of **" + title + "**", kind: "INCIDENT", state: "INVESTIGATING", services: ["imap", "smtp"], publishedAt: new Date("2201-03-01T10:00:00Z"), startsAt: null, endsAt: null, ...extra });

describe("status posts", () => {
  it("staff create, edit and update a post, each change audited; the reader sees body and updates rendered", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const title = uniqueName("Routing trouble");
    const created = await createStatusPost(db, { actor: admin, clientIp: "198.51.100.9", post: post(title) });
    expect(created.slug).toMatch(/^2201-03-01-routing-trouble-/);
    expect(created.services).toBe("smtp,imap");
    await editStatusPost(db, { actor: admin, postId: created.id, post: post(title, { body: "Upstream network *drops* packets." }) });
    await addStatusUpdate(db, { actor: admin, postId: created.id, update: { body: "Fixed upstream.", state: "RESOLVED" }, at: new Date("2201-03-01T11:30:00Z") });

    const shown = await findPublishedPost(db, { slug: created.slug, now: new Date("2201-03-02T00:00:00Z") });
    expect(shown?.bodyHtml).toBe("<p>Upstream network <em>drops</em> packets.</p>\n");
    expect(shown?.state).toBe("RESOLVED");
    expect(shown?.services).toEqual(["smtp", "imap"]);
    expect(shown?.updates.map((u) => [u.at.toISOString(), u.state, u.bodyHtml])).toEqual([["2201-03-01T11:30:00.000Z", "RESOLVED", "<p>Fixed upstream.</p>\n"]]);

    const audit = await db.auditEvent.findMany({ where: { targetId: created.id }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action).sort()).toEqual(["status.post.create", "status.post.edit", "status.update.add"]);
    expect(audit.every((event) => event.actorAddress === "admin@mailwright.test")).toBe(true);
  });

  it("refuses customers, and refuses a window without an end or ending before it starts", async () => {
    const db = await testDb();
    const customer = await principalOf("manager@example.test");
    const admin = await principalOf("admin@mailwright.test");
    await expect(createStatusPost(db, { actor: customer, post: post("nope") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createStatusPost(db, { actor: admin, post: post("half window", { startsAt: new Date("2201-01-01T00:00:00Z") }) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createStatusPost(db, { actor: admin, post: post("backwards", { startsAt: new Date("2201-01-02T00:00:00Z"), endsAt: new Date("2201-01-01T00:00:00Z") }) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(addStatusUpdate(db, { actor: admin, postId: "no-such-post", update: { body: "x", state: null } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("hides drafts and posts scheduled for later until their time", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const draft = await createStatusPost(db, { actor: admin, post: post(uniqueName("draft"), { publishedAt: null }) });
    const later = await createStatusPost(db, { actor: admin, post: post(uniqueName("later"), { publishedAt: new Date("2202-06-01T12:00:00Z") }) });
    expect(await findPublishedPost(db, { slug: draft.slug, now: new Date("2300-01-01T00:00:00Z") })).toBeNull();
    expect(await findPublishedPost(db, { slug: later.slug, now: new Date("2202-06-01T11:59:59Z") })).toBeNull();
    expect(await findPublishedPost(db, { slug: later.slug, now: new Date("2202-06-01T12:00:00Z") })).not.toBeNull();
  });

  it("pages through years of history newest first", async () => {
    const db = await testDb();
    const tag = uniqueName("history");
    // 45 posts, one a week through 2203 (bulk: a year of history is many rows).
    await db.statusPost.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({ slug: `${tag}-${i}`, title: `${tag} ${i}`, body: "", kind: "ANNOUNCEMENT" as const, state: "RESOLVED" as const, publishedAt: new Date(Date.UTC(2203, 0, 1 + 7 * i)) })),
    });
    const now = new Date("2203-12-31T00:00:00Z");
    const pages = await Promise.all([1, 2, 3].map((page) => listPublishedPosts(db, { now, page, pageSize: 20 })));
    expect(pages[0].posts.map((p) => p.slug)).toEqual(Array.from({ length: 20 }, (_, i) => `${tag}-${44 - i}`));
    expect(pages[1].posts.map((p) => p.slug)).toEqual(Array.from({ length: 20 }, (_, i) => `${tag}-${24 - i}`));
    expect(pages[2].posts.slice(0, 5).map((p) => p.slug)).toEqual([`${tag}-4`, `${tag}-3`, `${tag}-2`, `${tag}-1`, `${tag}-0`]);
    expect(pages[0].pageCount).toBeGreaterThanOrEqual(3);
    expect((await listPublishedPosts(db, { now, page: 10_000, pageSize: 20 })).page).toBe(pages[0].pageCount);
  });

  it("pins published windows not yet over, and the cached front page moves a window from scheduled to ongoing to completed by the clock", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const title = uniqueName("kernel update");
    const window = await createStatusPost(db, {
      actor: admin,
      post: post(title, { kind: "MAINTENANCE", state: "SCHEDULED", services: ["imap"], publishedAt: new Date("2204-05-01T00:00:00Z"), startsAt: new Date("2204-05-10T02:00:00Z"), endsAt: new Date("2204-05-10T02:05:00Z") }),
    });
    const pinned = await listOpenWindows(db, { now: new Date("2204-05-09T00:00:00Z") });
    expect(pinned.map((p) => [p.slug, p.phase, p.state])).toContainEqual([window.slug, "upcoming", "SCHEDULED"]);

    let clock = new Date("2204-05-10T01:59:00Z");
    const shownState = async () => (await getStatusFrontPage(db, { page: 1, health: { staleMs: 60_000 }, now: () => clock })).openWindows.find((p) => p.slug === window.slug)?.state ?? "gone";
    expect(await shownState()).toBe("SCHEDULED");
    clock = new Date("2204-05-10T02:00:01Z");
    expect(await shownState()).toBe("ONGOING");
    clock = new Date("2204-05-10T02:05:00Z");
    expect(await shownState()).toBe("gone");
    expect((await findPublishedPost(db, { slug: window.slug, now: clock }))?.state).toBe("COMPLETED");
  });
});

describe("demo status posts", () => {
  it("the demo seed (the run's fixture data) wrote an incident with updates, maintenance windows, an announcement and a change", async () => {
    const db = await testDb();
    const demo = await db.statusPost.findMany({ where: { slug: { contains: "-" }, publishedAt: { lt: new Date("2100-01-01T00:00:00Z") } }, include: { updates: true } });
    const kinds = new Set(demo.map((post) => post.kind));
    for (const kind of ["INCIDENT", "MAINTENANCE", "ANNOUNCEMENT", "CHANGE"]) expect(kinds.has(kind as never), kind).toBe(true);
    expect(demo.find((post) => post.kind === "INCIDENT")?.updates.length).toBeGreaterThanOrEqual(2);
    expect(demo.filter((post) => post.startsAt && post.endsAt).length).toBeGreaterThanOrEqual(2);
  });
});

describe("the public page's cache", () => {
  it("serves from memory, yet shows a post published in this process at once", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const clock = () => new Date("2207-06-01T12:00:00Z");
    const first = await getStatusFrontPage(db, { page: 1, health: { staleMs: 60_000 }, now: clock });
    expect(await getStatusFrontPage(db, { page: 1, health: { staleMs: 60_000 }, now: clock })).toBe(first);
    const title = uniqueName("just published");
    await createStatusPost(db, { actor: admin, post: post(title, { publishedAt: new Date("2207-06-01T11:00:00Z") }) });
    const after = await getStatusFrontPage(db, { page: 1, health: { staleMs: 60_000 }, now: clock });
    expect(after).not.toBe(first);
    expect(after.posts[0]?.title).toBe(title);
  });
});
