// Each service's health now and its 90-day uptime bar (one thin bar per UTC day).
import type { ServiceHealth } from "@/lib/status/service-health";
import type { UptimeBar } from "@/lib/status/uptime-bars";
import { HEALTH_SERVICE_LABELS } from "@/lib/status/health-vocabulary";

const LEVEL_STYLE: Record<string, string> = { up: "bg-green-100 text-green-800", degraded: "bg-amber-100 text-amber-800", down: "bg-red-100 text-red-800", unknown: "bg-slate-100 text-slate-600" };
const LEVEL_LABEL: Record<string, string> = { up: "Up", degraded: "Degraded", down: "Down", unknown: "No data" };

function dayColour(ratio: number | null): string {
  if (ratio === null) return "bg-slate-200";
  if (ratio >= 0.999) return "bg-green-500";
  if (ratio >= 0.95) return "bg-amber-400";
  return "bg-red-500";
}

/**
 * Days of the same colour drawn as one segment of proportional width: the bar looks the same as
 * 90 day-cells, at a fraction of the page's size (most runs are long).
 */
function runsOf(days: UptimeBar["days"]) {
  const runs: { from: string; to: string; days: number; colour: string; label: string }[] = [];
  for (const day of days) {
    const colour = dayColour(day.ratio);
    const last = runs.at(-1);
    if (last && last.colour === colour && day.ratio === null) {
      last.to = day.day;
      last.days += 1;
    } else if (last && last.colour === colour && colour === "bg-green-500") {
      last.to = day.day;
      last.days += 1;
      last.label = "all probes answered";
    } else {
      runs.push({ from: day.day, to: day.day, days: 1, colour, label: day.ratio === null ? "no data" : `${(day.ratio * 100).toFixed(1)}% of probes answered` });
    }
  }
  return runs;
}

export function ServiceHealthList({ health, uptime }: { health: ServiceHealth[]; uptime: UptimeBar[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {health.map((service) => {
        const bar = uptime.find((row) => row.service === service.service);
        return (
          <li key={service.service} className="px-4 py-3" data-testid={`health-${service.service}`}>
            <div className="flex items-center justify-between text-sm">
              <span className="font-medium">{HEALTH_SERVICE_LABELS[service.service]}</span>
              <span className={`rounded px-2 py-0.5 text-xs ${LEVEL_STYLE[service.level]}`} data-testid="health-level">
                {LEVEL_LABEL[service.level]}
              </span>
            </div>
            {bar && (
              <div className="mt-2 flex h-6 gap-px" aria-label={`${HEALTH_SERVICE_LABELS[service.service]} uptime, last 90 days${bar.overall === null ? "" : `: ${(bar.overall * 100).toFixed(2)}%`}`} data-testid="uptime-bar">
                {runsOf(bar.days).map((run) => (
                  <span key={run.from} style={{ flexGrow: run.days }} className={`rounded-sm ${run.colour}`} title={`${run.from}${run.days > 1 ? ` to ${run.to}` : ""}: ${run.label}`} />
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
