import Link from "next/link";

/** Links to the same page over another period; the current one is not a link. */
export function PeriodLinks({ basePath, days, choices }: { basePath: string; days: number; choices: readonly number[] }) {
  return (
    <nav className="flex gap-3 text-sm" aria-label="Period">
      {choices.map((choice) => {
        const label = choice === 1 ? "Last day" : `Last ${choice} days`;
        return choice === days ? (
          <span key={choice} className="font-semibold" aria-current="page">
            {label}
          </span>
        ) : (
          <Link key={choice} href={`${basePath}?days=${choice}`} className="text-blue-700 underline">
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
