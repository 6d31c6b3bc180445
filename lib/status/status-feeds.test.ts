import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { atomFeed, jsonFeed } from "./status-feeds.ts";
import { createStatusPost, addStatusUpdate } from "./save-status-post.ts";
import { findPublishedPost } from "./read-status-posts.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

/** Debian's feedparser (the pyenv python3 on PATH lacks it): the feed as an independent reader sees it. */
function parseWithFeedparser(xml: string): { bozo: number; bozo_exception: string; version: string; title: string; entries: { id: string; title: string; link: string; published: string; content: string }[] } {
  const script = "import sys, json, feedparser\nd = feedparser.parse(sys.stdin.read())\nprint(json.dumps({'bozo': d.bozo, 'bozo_exception': str(d.get('bozo_exception', '')), 'version': d.version, 'title': d.feed.get('title', ''), 'entries': [{'id': e.id, 'title': e.title, 'link': e.link, 'published': e.published, 'content': e.content[0].value} for e in d.entries]}))";
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script], { input: xml, encoding: "utf8" }));
}

describe("status feeds", () => {
  it("Atom: parsed by a real feed parser without complaint, entries with title, permalink, times and the sanitised body with updates", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const title = `${uniqueName("Webmail beta")} & <friends>`;
    const created = await createStatusPost(db, { actor: admin, post: { title, body: "Try the **new** webmail.<script>alert(1)</script>", kind: "ANNOUNCEMENT", state: "RESOLVED", services: ["webmail"], publishedAt: new Date("2205-01-01T09:00:00Z"), startsAt: null, endsAt: null } });
    await addStatusUpdate(db, { actor: admin, postId: created.id, update: { body: "Now for everyone.", state: null }, at: new Date("2205-01-02T09:00:00Z") });
    const shown = (await findPublishedPost(db, { slug: created.slug, now: new Date("2205-02-01T00:00:00Z") }))!;
    const xml = atomFeed({ baseUrl: "https://status.example.test", title: "Mailwright status" }, [shown], new Date("2205-02-01T00:00:00Z"));

    const feed = parseWithFeedparser(xml);
    expect(feed.bozo_exception).toBe("");
    expect(Boolean(feed.bozo)).toBe(false);
    expect(feed.version).toBe("atom10");
    expect(feed.title).toBe("Mailwright status");
    expect(feed.entries).toHaveLength(1);
    expect(feed.entries[0]).toMatchObject({ id: `https://status.example.test/status/${created.slug}`, link: `https://status.example.test/status/${created.slug}`, title });
    expect(feed.entries[0].content).toContain("<strong>new</strong>");
    expect(feed.entries[0].content).toContain("Now for everyone.");
    expect(feed.entries[0].content).toContain("2205-01-02: 09:00 UTC");
    expect(feed.entries[0].content).not.toContain("script");
  });

  it("JSON Feed 1.1: the same entries", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const created = await createStatusPost(db, { actor: admin, post: { title: uniqueName("policy"), body: "New *policy*.", kind: "CHANGE", state: "RESOLVED", services: [], publishedAt: new Date("2205-03-01T09:00:00Z"), startsAt: null, endsAt: null } });
    const shown = (await findPublishedPost(db, { slug: created.slug, now: new Date("2205-04-01T00:00:00Z") }))!;
    const feed = JSON.parse(jsonFeed({ baseUrl: "https://status.example.test", title: "Mailwright status" }, [shown]));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items[0]).toMatchObject({ id: `https://status.example.test/status/${created.slug}`, title: created.title, date_published: "2205-03-01T09:00:00.000Z", tags: ["change", "resolved"] });
    expect(feed.items[0].content_html).toContain("<em>policy</em>");
  });
});
