"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Top = { value: string; count: number; label?: string };

// Colour-blind-safe palette (Okabe–Ito), then greys: a reason keeps its colour across charts.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#999999", "#666666"];

/** Refusals per day stacked by reason, from the daily roll-ups. */
export function RefusalsOverTime({ days, reasons, labels }: { days: Record<string, string | number>[]; reasons: string[]; labels: Record<string, string> }) {
  if (reasons.length === 0) return <p className="text-sm text-slate-600">No refusals in this period.</p>;
  return (
    <div className="h-64 w-full" data-testid="chart-over-time">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {reasons.map((reason, i) => (
            <Bar key={reason} dataKey={reason} name={labels[reason] ?? reason} stackId="reasons" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A top-10 list as horizontal bars, with the numbers as text too (screen readers, copying). */
export function TopList({ title, rows, testId }: { title: string; rows: Top[]; testId: string }) {
  return (
    <section className="min-w-0 space-y-2" data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <>
          <div className="h-48 w-full" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows.map((row) => ({ name: row.label ?? row.value, count: row.count }))} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
                <XAxis type="number" allowDecimals={false} hide />
                <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 10 }} />
                <Tooltip />
                <Bar dataKey="count" fill="#0072B2" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ol className="text-xs text-slate-700">
            {rows.map((row) => (
              <li key={row.value} className="flex justify-between gap-2">
                <span className="truncate font-mono">{row.label ?? row.value}</span>
                <span>{row.count}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
