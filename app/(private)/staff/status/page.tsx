import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listStatusPostsForStaff } from "@/lib/status/read-status-posts-for-staff";
import { readConnectionRates } from "@/lib/status/connection-rates";
import { formatStatusTime } from "@/lib/status/format-status-time";
import { KIND_LABELS, STATE_LABELS, type StatusKind, type StatusState } from "@/lib/status/status-vocabulary";
import { StatusPostEditor } from "@/components/status/status-post-editor";
import { ConnectionRateGraph } from "@/components/status/connection-rate-graph";
import { createStatusPostAction, previewStatusMarkdownAction } from "./actions";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Status posts" };

const SearchParams = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export default async function StaffStatusPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const { page } = SearchParams.parse(await searchParams);
  const db = await getDb();
  const listing = await listStatusPostsForStaff(db, { actor, page, pageSize: 30 }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  const rates = await readConnectionRates(db, { now: listing.now, minutes: 60 });
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-semibold">Status page</h1>
        <p className="mt-2 text-sm text-slate-600">
          What customers read on the public <Link href="/status" className="text-blue-700 underline">status page</Link> and its feeds. Every change is in the audit log.
        </p>
      </div>

      <section>
        <h2 className="mb-3 text-lg font-semibold">Connection rates, last hour</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          {rates.map((rate) => (
            <ConnectionRateGraph key={rate.service} rate={rate} />
          ))}
        </div>
      </section>

      <section>
        <h2 className="mb-3 text-lg font-semibold">Posts</h2>
        <DataTable columns={[{ label: "Published" }, { label: "Title" }, { label: "Kind" }, { label: "State" }, { label: "Updates", className: "text-right" }]} testId="staff-status-posts">
          <tbody>
            {listing.rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-200">
                <td className="py-2 whitespace-nowrap">{row.publishedAt ? `${formatStatusTime(row.publishedAt)}${row.scheduled ? " (scheduled)" : ""}` : "Draft"}</td>
                <td>
                  <Link href={`/staff/status/${row.id}`} className="text-blue-700 hover:underline">
                    {row.title}
                  </Link>
                </td>
                <td>{KIND_LABELS[row.kind as StatusKind]}</td>
                <td>{STATE_LABELS[row.state as StatusState]}</td>
                <td className="text-right">{row._count.updates}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <p className="mt-2 text-sm text-slate-500">
          Page {listing.page} of {listing.pageCount}
          {listing.page > 1 && (
            <Link href={`/staff/status?page=${listing.page - 1}`} className="ml-4 text-blue-700 underline">
              Newer
            </Link>
          )}
          {listing.page < listing.pageCount && (
            <Link href={`/staff/status?page=${listing.page + 1}`} className="ml-4 text-blue-700 underline">
              Older
            </Link>
          )}
        </p>
      </section>

      <section className="max-w-3xl">
        <h2 className="mb-3 text-lg font-semibold">New post</h2>
        <StatusPostEditor
          values={{ title: "", body: "", kind: "INCIDENT", state: "INVESTIGATING", services: [], publishAt: "", startsAt: "", endsAt: "" }}
          action={createStatusPostAction}
          preview={previewStatusMarkdownAction}
        />
      </section>
    </div>
  );
}
