import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { findStatusPostForStaff } from "@/lib/status/read-status-posts-for-staff";
import { formatStatusTime } from "@/lib/status/format-status-time";
import { parseServices, STATE_LABELS, type StatusState } from "@/lib/status/status-vocabulary";
import { StatusPostEditor, StatusUpdateForm } from "@/components/status/status-post-editor";
import { addStatusUpdateAction, editStatusPostAction, previewStatusMarkdownAction } from "../actions";
import { toUtcLocal } from "../status-form.schema";

export const metadata: Metadata = { title: "Edit status post" };

export default async function EditStatusPostPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePrincipal();
  const post = await findStatusPostForStaff(await getDb(), { actor, postId: (await params).id }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const isLive = post.isLive;
  return (
    <div className="max-w-3xl space-y-10">
      <div>
        <Link href="/staff/status" className="text-sm text-blue-700 underline">
          All status posts
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{post.title}</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="staff-post-publication">
          {post.publishedAt ? `${isLive ? "Published" : "Scheduled for"} ${formatStatusTime(post.publishedAt)}` : "Draft"}
          {isLive && (
            <>
              {" · "}
              <Link href={`/status/${post.slug}`} className="text-blue-700 underline">
                public page
              </Link>
            </>
          )}
        </p>
      </div>
      <StatusPostEditor
        key={post.updatedAt.toISOString()}
        values={{ postId: post.id, title: post.title, body: post.body, kind: post.kind, state: post.state, services: parseServices(post.services), publishAt: toUtcLocal(post.publishedAt), startsAt: toUtcLocal(post.startsAt), endsAt: toUtcLocal(post.endsAt) }}
        action={editStatusPostAction}
        preview={previewStatusMarkdownAction}
      />
      <section>
        <h2 className="mb-3 text-lg font-semibold">Updates</h2>
        {post.updates.length > 0 && (
          <ol className="mb-4 space-y-2 text-sm">
            {post.updates.map((update) => (
              <li key={update.id} className="rounded border border-slate-200 bg-white p-2">
                <span className="text-slate-500">{formatStatusTime(update.at)}</span>
                {update.state && <span className="ml-2 font-medium">{STATE_LABELS[update.state as StatusState]}</span>}
                <p className="mt-1 whitespace-pre-wrap">{update.body}</p>
              </li>
            ))}
          </ol>
        )}
        <StatusUpdateForm postId={post.id} action={addStatusUpdateAction} />
      </section>
    </div>
  );
}
