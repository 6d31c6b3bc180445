// The public status pages, served from Next's cache (ISR): /status, /status/page/<n> (older
// posts) and /status/<post slug> (a permalink). One route for all three because sibling dynamic
// segments must share a name. Nothing is rendered at build time (there is no database then); a
// page is rendered on its first request, kept for REVALIDATE_SECONDS, and dropped at once when
// staff change a post (revalidatePath in app/(private)/staff/status/actions.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getStatusFrontPage, getStatusPermalink } from "@/lib/status/status-front-page";
import { loadStatusSettings } from "@/lib/status/status-settings";
import { StatusPostView } from "@/components/status/status-post-view";
import { StatusFrontPageView } from "@/components/status/status-front-page-view";
import { StatusShell } from "@/components/status/status-shell";

/** How stale a cached status page may get: health and window states follow within this. */
export const revalidate = 5;

export function generateStaticParams(): { slug: string[] }[] {
  return [];
}

type Params = { params: Promise<{ slug?: string[] }> };

/** Which page a path asks for: the front page, an older page of posts, or a post; null: no such page. */
function route(slug: string[] | undefined): { kind: "front"; page: number } | { kind: "post"; slug: string } | null {
  if (!slug || slug.length === 0) return { kind: "front", page: 1 };
  if (slug.length === 2 && slug[0] === "page" && /^[1-9]\d{0,5}$/.test(slug[1]!)) return { kind: "front", page: Number(slug[1]) };
  if (slug.length === 1 && slug[0]!.length <= 200) return { kind: "post", slug: decodeURIComponent(slug[0]!) };
  return null;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const target = route((await params).slug);
  const feeds = { types: { "application/atom+xml": "/status/feed.xml", "application/feed+json": "/status/feed.json" } };
  if (target?.kind !== "post") return { title: "Status", alternates: feeds };
  const post = await getStatusPermalink(await getDb(), { slug: target.slug });
  return { title: post ? `${post.title} · Status` : "Status", alternates: feeds };
}

export default async function StatusPage({ params }: Params) {
  const target = route((await params).slug);
  if (!target) notFound();
  const db = await getDb();
  if (target.kind === "front") {
    const data = await getStatusFrontPage(db, { page: target.page, health: { staleMs: loadStatusSettings().staleMs } });
    if (target.page > data.pageCount) notFound();
    return (
      <StatusShell>
        <StatusFrontPageView data={data} />
      </StatusShell>
    );
  }
  const post = await getStatusPermalink(db, { slug: target.slug });
  if (!post) notFound();
  return (
    <StatusShell>
      <StatusPostView post={post} headingLevel={1} linkTitle={false} />
      <Link href="/status" className="text-sm text-blue-700 underline">
        All news and incidents
      </Link>
    </StatusShell>
  );
}
