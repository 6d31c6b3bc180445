import { formatBytes } from "@/components/ui/format-bytes";

export function QuotaBar({ usedBytes, quotaBytes }: { usedBytes: number; quotaBytes: number }) {
  const percent = quotaBytes > 0 ? Math.min(100, (usedBytes / quotaBytes) * 100) : 0;
  const colour = percent >= 95 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-blue-600";
  return (
    <div>
      <div
        className="h-2 w-full overflow-hidden rounded bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-label="Quota used"
      >
        <div className={`h-full ${colour}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {formatBytes(usedBytes)} of {formatBytes(quotaBytes)} used
      </p>
    </div>
  );
}
