// The status posts as feeds: Atom (RFC 4287) and JSON Feed 1.1. Entries carry the sanitised HTML
// of the post with its updates appended, so a feed reader shows what the page shows.
import type { PublicStatusPost } from "./read-status-posts.ts";
import { formatStatusTime } from "./format-status-time.ts";
import { KIND_LABELS, POST_SERVICE_LABELS, STATE_LABELS } from "./status-vocabulary.ts";

export type FeedSite = { baseUrl: string; title: string };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function permalink(site: FeedSite, post: PublicStatusPost): string {
  return `${site.baseUrl}/status/${encodeURIComponent(post.slug)}`;
}

/** The HTML of an entry: a line of facts, the body, then each update with its time. */
export function entryHtml(post: PublicStatusPost): string {
  const facts = [KIND_LABELS[post.kind], STATE_LABELS[post.state], post.services.map((s) => POST_SERVICE_LABELS[s]).join(", ")].filter(Boolean).join(" · ");
  const window = post.startsAt && post.endsAt ? `<p>Window: ${formatStatusTime(post.startsAt)} to ${formatStatusTime(post.endsAt)}</p>` : "";
  const updates = post.updates.map((update) => `<h3>Update ${formatStatusTime(update.at)}${update.state ? ` (${STATE_LABELS[update.state]})` : ""}</h3>${update.bodyHtml}`).join("");
  return `<p>${escapeXml(facts)}</p>${window}${post.bodyHtml}${updates}`;
}

export function atomFeed(site: FeedSite, posts: PublicStatusPost[], now: Date): string {
  const updated = posts.reduce((latest, post) => (post.updatedAt > latest ? post.updatedAt : latest), posts[0]?.updatedAt ?? now);
  const entries = posts.map((post) =>
    [
      "  <entry>",
      `    <id>${escapeXml(permalink(site, post))}</id>`,
      `    <title type="text">${escapeXml(post.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(permalink(site, post))}"/>`,
      `    <published>${post.publishedAt.toISOString()}</published>`,
      `    <updated>${post.updatedAt.toISOString()}</updated>`,
      `    <category term="${escapeXml(post.kind.toLowerCase())}" label="${escapeXml(KIND_LABELS[post.kind])}"/>`,
      `    <content type="html">${escapeXml(entryHtml(post))}</content>`,
      "  </entry>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(`${site.baseUrl}/status`)}</id>`,
    `  <title type="text">${escapeXml(site.title)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${escapeXml(site.title)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${site.baseUrl}/status/feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${site.baseUrl}/status`)}"/>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

export function jsonFeed(site: FeedSite, posts: PublicStatusPost[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: site.title,
    home_page_url: `${site.baseUrl}/status`,
    feed_url: `${site.baseUrl}/status/feed.json`,
    items: posts.map((post) => ({
      id: permalink(site, post),
      url: permalink(site, post),
      title: post.title,
      content_html: entryHtml(post),
      date_published: post.publishedAt.toISOString(),
      date_modified: post.updatedAt.toISOString(),
      tags: [post.kind.toLowerCase(), post.state.toLowerCase(), ...post.services],
    })),
  });
}
