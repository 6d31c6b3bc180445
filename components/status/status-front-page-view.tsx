// /status and its older pages: services' health, pinned maintenance windows (first page), posts.
import Link from "next/link";
import type { StatusFrontPage } from "@/lib/status/status-front-page";
import { StatusPostView } from "./status-post-view";
import { ServiceHealthList } from "./service-health-list";

const pageHref = (page: number) => (page === 1 ? "/status" : `/status/page/${page}`);

export function StatusFrontPageView({ data }: { data: StatusFrontPage }) {
  const pinned = new Set(data.openWindows.map((post) => post.id));
  const isFirst = data.page === 1;
  return (
    <>
      <section>
        <h1 className="text-2xl font-semibold">Service status</h1>
        <div className="mt-4">
          <ServiceHealthList health={data.health} uptime={data.uptime} />
        </div>
      </section>
      {isFirst && data.openWindows.length > 0 && (
        <section data-testid="pinned-windows">
          <h2 className="mb-3 text-lg font-semibold">Maintenance windows</h2>
          <div className="space-y-4">
            {data.openWindows.map((post) => (
              <StatusPostView key={post.id} post={post} />
            ))}
          </div>
        </section>
      )}
      <section data-testid="status-history">
        <h2 className="mb-3 text-lg font-semibold">News and incidents</h2>
        {data.posts.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing to report.</p>
        ) : (
          <div className="space-y-4">
            {data.posts
              .filter((post) => !isFirst || !pinned.has(post.id))
              .map((post) => (
                <StatusPostView key={post.id} post={post} />
              ))}
          </div>
        )}
        <nav className="mt-6 flex items-center justify-between text-sm" aria-label="History pages">
          {data.page > 1 ? <Link href={pageHref(data.page - 1)} className="text-blue-700 underline">Newer</Link> : <span />}
          <span className="text-slate-500">
            Page {data.page} of {data.pageCount}
          </span>
          {data.page < data.pageCount ? <Link href={pageHref(data.page + 1)} className="text-blue-700 underline">Older</Link> : <span />}
        </nav>
      </section>
    </>
  );
}
