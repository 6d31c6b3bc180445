// The tables of the Manager, staff and report pages. On a phone a wide table scrolls sideways
// instead of pushing the page wider than the screen, and the header row looks the same everywhere.
import type { ReactNode } from "react";

/** A header cell: its label, and classes for its alignment, width or padding. */
export type Column = { label?: ReactNode; className?: string };

export function DataTable({ columns, children, width = "w-full", testId }: {
  columns: Column[];
  /** The table's body (and footer) rows. */
  children: ReactNode;
  /** Width classes, e.g. "w-full max-w-2xl" for a narrow table. */
  width?: string;
  testId?: string;
}) {
  return (
    // relative: a visually hidden (absolutely positioned) header must scroll with the table; from an
    // unpositioned scroller it would escape and widen the page.
    <div className="relative overflow-x-auto">
      <table className={`${width} border-collapse text-sm`} data-testid={testId}>
        <thead>
          <tr className="border-b border-slate-300 text-left text-slate-500">
            {columns.map((column, index) => (
              // The first column's padding sets the header row's height.
              <th key={index} className={index === 0 ? `py-2 ${column.className ?? ""}`.trim() : column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
