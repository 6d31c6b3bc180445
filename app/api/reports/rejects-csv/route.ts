import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listRejects } from "@/lib/reports/list-rejects";
import { RejectFilterParams, settleFilters } from "@/lib/reports/reject-filters";
import { resolveRejectScope } from "@/lib/reports/reject-scope";
import { rejectsCsv } from "@/lib/reports/rejects-csv";

/** The most rows one export holds: a report's first 10,000 in its order (narrow the filters for more). */
const MAX_EXPORT_ROWS = 10_000;

/** GET /api/reports/rejects-csv?<the report's query>: the table's refusals as CSV, from the first row on. */
export async function GET(request: Request): Promise<Response> {
  const actor = await requirePrincipal();
  const params = RejectFilterParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const scope = resolveRejectScope(actor, { view: params.view, accountId: params.account });
    const filters = settleFilters(params);
    const { rows } = await listRejects(await getDb(), { actor, scope, filters, page: 1, pageSize: MAX_EXPORT_ROWS });
    return new Response(rejectsCsv(rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rejects-${filters.fromDay}-${filters.toDay}.csv"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) return new Response("Forbidden\n", { status: 403 });
    throw error;
  }
}
