// One status post as the public page shows it: UTC date and title, facts, window, sanitised body,
// then its updates with their own times.
import Link from "next/link";
import type { PublicStatusPost } from "@/lib/status/read-status-posts";
import { formatStatusTime } from "@/lib/status/format-status-time";
import { KIND_LABELS, POST_SERVICE_LABELS, STATE_LABELS } from "@/lib/status/status-vocabulary";
import { LocalTime } from "./local-time";

/** Markdown's elements, styled (Tailwind's reset strips list bullets and link colours). */
const MARKDOWN = "[&_a]:text-blue-700 [&_a]:underline [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_pre]:overflow-x-auto [&_blockquote]:border-l-2 [&_blockquote]:pl-3";

const STATE_COLOURS: Record<string, string> = {
  INVESTIGATING: "bg-red-100 text-red-800",
  ONGOING: "bg-amber-100 text-amber-800",
  SCHEDULED: "bg-blue-100 text-blue-800",
  RESOLVED: "bg-green-100 text-green-800",
  COMPLETED: "bg-green-100 text-green-800",
};

function Time({ at, testId }: { at: Date; testId: string }) {
  return (
    <span>
      <time dateTime={at.toISOString()} data-testid={testId}>
        {formatStatusTime(at)}
      </time>
      <LocalTime iso={at.toISOString()} />
    </span>
  );
}

export function StatusPostView({ post, headingLevel = 2, linkTitle = true }: { post: PublicStatusPost; headingLevel?: 1 | 2; linkTitle?: boolean }) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <article className="rounded-lg border border-slate-200 bg-white p-5" data-testid="status-post" data-slug={post.slug}>
      <div className="text-sm text-slate-600">
        <Time at={post.publishedAt} testId="post-time" />
      </div>
      <Heading className={headingLevel === 1 ? "mt-1 text-2xl font-semibold" : "mt-1 text-lg font-semibold"}>
        {linkTitle ? (
          <Link href={`/status/${encodeURIComponent(post.slug)}`} className="hover:text-blue-700 hover:underline">
            {post.title}
          </Link>
        ) : (
          post.title
        )}
      </Heading>
      <div className="mt-2 flex flex-wrap gap-2 text-xs">
        <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700" data-testid="post-kind">
          {KIND_LABELS[post.kind]}
        </span>
        <span className={`rounded px-2 py-0.5 ${STATE_COLOURS[post.state] ?? ""}`} data-testid="post-state">
          {STATE_LABELS[post.state]}
        </span>
        {post.services.map((service) => (
          <span key={service} className="rounded border border-slate-300 px-2 py-0.5 text-slate-700">
            {POST_SERVICE_LABELS[service]}
          </span>
        ))}
      </div>
      {post.startsAt && post.endsAt && (
        <p className="mt-3 text-sm text-slate-700" data-testid="post-window">
          Window: from <Time at={post.startsAt} testId="window-start" />
          <br />
          to <Time at={post.endsAt} testId="window-end" />
        </p>
      )}
      <div className={`mt-3 space-y-2 text-sm leading-6 ${MARKDOWN}`} data-testid="post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      {post.updates.length > 0 && (
        <ol className="mt-4 space-y-3 border-l-2 border-slate-200 pl-4">
          {post.updates.map((update) => (
            <li key={update.id} data-testid="status-update">
              <div className="text-sm text-slate-600">
                Update <Time at={update.at} testId="update-time" />
                {update.state && <span className="ml-2 font-medium">{STATE_LABELS[update.state]}</span>}
              </div>
              <div className={`mt-1 space-y-2 text-sm leading-6 ${MARKDOWN}`} dangerouslySetInnerHTML={{ __html: update.bodyHtml }} />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
