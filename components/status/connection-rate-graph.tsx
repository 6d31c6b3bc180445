// A service's connections and logins per minute as a small SVG line graph, for staff: a rate far
// from its usual level is often the first sign of trouble.
import type { ConnectionRate } from "@/lib/status/connection-rates";
import { HEALTH_SERVICE_LABELS } from "@/lib/status/health-vocabulary";

const WIDTH = 300;
const HEIGHT = 60;

function path(points: { count: number }[], max: number): string {
  if (points.length === 0) return "";
  const step = points.length > 1 ? WIDTH / (points.length - 1) : 0;
  return points.map((point, i) => `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${(HEIGHT - (point.count / max) * (HEIGHT - 4) - 2).toFixed(1)}`).join(" ");
}

export function ConnectionRateGraph({ rate }: { rate: ConnectionRate }) {
  const max = Math.max(1, ...rate.connections.map((p) => p.count), ...rate.logins.map((p) => p.count));
  const total = (points: { count: number }[]) => points.reduce((sum, p) => sum + p.count, 0);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`rate-${rate.service}`}>
      <figcaption className="flex justify-between text-sm">
        <span className="font-medium">{HEALTH_SERVICE_LABELS[rate.service]}</span>
        <span className="text-slate-500">
          <span className="text-blue-700">{total(rate.connections)} connections</span> · <span className="text-green-700">{total(rate.logins)} logins</span> (peak {max}/min)
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="mt-2 h-16 w-full" role="img" aria-label={`${HEALTH_SERVICE_LABELS[rate.service]} connections and logins per minute`}>
        <path d={path(rate.connections, max)} fill="none" stroke="#1d4ed8" strokeWidth="1.5" />
        <path d={path(rate.logins, max)} fill="none" stroke="#15803d" strokeWidth="1.5" />
      </svg>
    </figure>
  );
}
