// The part of a host name its owner registered, near enough to tell two sites apart.

/** Second-level labels under which country registries sell names: example.co.uk, example.com.au. */
const PUBLIC_SECOND_LEVELS = new Set(["ac", "co", "com", "edu", "gov", "mil", "ne", "net", "or", "org"]);

/**
 * "mail.example.co.uk" → "example.co.uk", "www.example.com" → "example.com". A heuristic, not the
 * Public Suffix List: it errs on treating two hosts as one site, so a rule built on it misses rather
 * than accuses. IP addresses come back as they are.
 */
export function readBaseDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (/^[\d.]+$/.test(name) || name.startsWith("[")) return name;
  const labels = name.split(".");
  if (labels.length <= 2) return name;
  const isCountrySecondLevel = labels[labels.length - 1].length === 2 && PUBLIC_SECOND_LEVELS.has(labels[labels.length - 2]);
  return labels.slice(isCountrySecondLevel ? -3 : -2).join(".");
}
