import { getDb } from "@/lib/db";
import { jsonFeed } from "@/lib/status/status-feeds";
import { FEED_TITLE, feedPosts } from "@/lib/status/status-feed-posts";

export async function GET(request: Request) {
  const posts = await feedPosts(await getDb());
  const body = jsonFeed({ baseUrl: new URL(request.url).origin, title: FEED_TITLE }, posts);
  return new Response(body, { headers: { "content-type": "application/feed+json; charset=utf-8", "cache-control": "public, max-age=60" } });
}
