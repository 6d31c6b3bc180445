import { getDb } from "@/lib/db";
import { atomFeed } from "@/lib/status/status-feeds";
import { FEED_TITLE, feedPosts } from "@/lib/status/status-feed-posts";

export async function GET(request: Request) {
  const posts = await feedPosts(await getDb());
  const body = atomFeed({ baseUrl: new URL(request.url).origin, title: FEED_TITLE }, posts, new Date());
  return new Response(body, { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
}
