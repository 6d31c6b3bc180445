const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/** 1536 → "1.5 KiB"; binary units, as mail clients show quotas. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} ${UNITS[0]}` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
