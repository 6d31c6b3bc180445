import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { summarizeForwardDiscards } from "@/lib/queue/summarize-forward-discards";
import { PeriodLinks } from "@/components/queue/period-links";
import { PERIOD_CHOICES, periodSearchParams } from "../period-search-params.schema";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Forwarding" };

const ForwardingSearchParams = periodSearchParams(7);

export default async function ForwardingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const { days } = ForwardingSearchParams.parse(await searchParams);
  const summary = await summarizeForwardDiscards(await getDb(), { actor, days }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Forwarding: discarded copies</h1>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Forwarded copies not sent because their spam score reached the destination&apos;s threshold, per destination domain, from{" "}
          {summary.firstDay} to {summary.lastDay} (UTC days).
        </p>
      </div>
      <PeriodLinks basePath="/staff/forwarding" days={days} choices={PERIOD_CHOICES} />
      {summary.destinations.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="discards-empty">
          No forwarded copy was discarded in this period.
        </p>
      ) : (
        <DataTable columns={[{ label: "Destination" }, { label: "Discarded", className: "text-right" }, { label: "Last discard", className: "pl-6" }]} width="w-full max-w-2xl">
          <tbody>
            {summary.destinations.map((destination) => (
              <tr key={destination.destinationDomain} className="border-b border-slate-200">
                <td className="py-2">{destination.destinationDomain}</td>
                <td className="text-right tabular-nums">{destination.count}</td>
                <td className="pl-6">{destination.lastDiscardDay}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-semibold">
              <td className="py-2">Total</td>
              <td className="text-right tabular-nums" data-testid="discards-total">
                {summary.total}
              </td>
              <td></td>
            </tr>
          </tfoot>
        </DataTable>
      )}
    </div>
  );
}
