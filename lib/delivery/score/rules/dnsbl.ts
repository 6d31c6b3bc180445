// Rules on DNS blocklists that list the connecting client's IP address.
import type { RuleHit } from "../score-types.ts";

type ZoneRule = { name: string; score: number; description: string };

/** Known zones: the rule each answer stands for. An answer a zone does not document gets the zone's `otherwise`. */
type KnownZone = { answers: Record<string, ZoneRule>; otherwise: ZoneRule };

const SPAMHAUS_SBL: ZoneRule = { name: "RCVD_IN_SBL", score: 2.5, description: "Client IP listed in the Spamhaus SBL (known spam source)" };
const SPAMHAUS_CSS: ZoneRule = { name: "RCVD_IN_SBL_CSS", score: 3.0, description: "Client IP listed in Spamhaus CSS (snowshoe spam)" };
const SPAMHAUS_XBL: ZoneRule = { name: "RCVD_IN_XBL", score: 3.0, description: "Client IP listed in the Spamhaus XBL (hijacked or infected host)" };
const SPAMHAUS_PBL: ZoneRule = { name: "RCVD_IN_PBL", score: 2.5, description: "Client IP listed in the Spamhaus PBL (end-user range that should not send mail directly)" };
const SPAMHAUS_OTHER: ZoneRule = { name: "RCVD_IN_ZEN", score: 2.0, description: "Client IP listed in Spamhaus ZEN" };

// ZEN's return codes: .2 SBL, .3 CSS, .4-.7 XBL, .9 DROP (part of the SBL), .10-.11 PBL
const SPAMHAUS_ANSWERS: Record<string, ZoneRule> = {
  "127.0.0.2": SPAMHAUS_SBL,
  "127.0.0.3": SPAMHAUS_CSS,
  "127.0.0.4": SPAMHAUS_XBL,
  "127.0.0.5": SPAMHAUS_XBL,
  "127.0.0.6": SPAMHAUS_XBL,
  "127.0.0.7": SPAMHAUS_XBL,
  "127.0.0.9": SPAMHAUS_SBL,
  "127.0.0.10": SPAMHAUS_PBL,
  "127.0.0.11": SPAMHAUS_PBL,
};
const SPAMHAUS: KnownZone = { answers: SPAMHAUS_ANSWERS, otherwise: SPAMHAUS_OTHER };

const KNOWN_ZONES = new Map<string, KnownZone>([
  ["zen.spamhaus.org", SPAMHAUS],
  ["sbl.spamhaus.org", SPAMHAUS],
  ["xbl.spamhaus.org", SPAMHAUS],
  ["pbl.spamhaus.org", SPAMHAUS],
  ["sbl-xbl.spamhaus.org", SPAMHAUS],
  ["bl.spamcop.net", { answers: {}, otherwise: { name: "RCVD_IN_BL_SPAMCOP_NET", score: 1.5, description: "Client IP listed in bl.spamcop.net" } }],
  ["psbl.surriel.com", { answers: {}, otherwise: { name: "RCVD_IN_PSBL", score: 2.5, description: "Client IP listed in the Passive Spam Block List" } }],
  ["bl.mailspike.net", { answers: {}, otherwise: { name: "RCVD_IN_MSPIKE_BL", score: 1.5, description: "Client IP listed in the Mailspike blocklist" } }],
  ["b.barracudacentral.org", { answers: {}, otherwise: { name: "RCVD_IN_BRBL", score: 1.5, description: "Client IP listed in the Barracuda Reputation Block List" } }],
]);

/** The weight of a listing in a zone we know nothing about. */
const UNKNOWN_ZONE_SCORE = 1.0;

/**
 * One hit per rule the listings stand for: several answers of one zone that mean the same list
 * count once. Answers outside 127.0.0.0/8, and Spamhaus-style error answers in 127.255.255.0/24
 * ("your resolver is over quota or blocked"), say nothing about the client and are ignored.
 */
export function listDnsblHits(listings: readonly { zone: string; answer: string }[]): RuleHit[] {
  const hits = new Map<string, RuleHit>();
  for (const { zone, answer } of listings) {
    if (!isListingAnswer(answer)) continue;
    const rule = pickZoneRule(zone.toLowerCase().replace(/\.$/, ""), answer);
    if (!hits.has(rule.name)) hits.set(rule.name, { ...rule });
  }
  return [...hits.values()];
}

function isListingAnswer(answer: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(answer) && !answer.startsWith("127.255.255.");
}

function pickZoneRule(zone: string, answer: string): ZoneRule {
  const known = KNOWN_ZONES.get(zone);
  if (known) return known.answers[answer] ?? known.otherwise;
  const suffix = zone.toUpperCase().replace(/[^A-Z0-9]+/g, "_").slice(0, 60);
  return { name: `RCVD_IN_${suffix}`, score: UNKNOWN_ZONE_SCORE, description: `Client IP listed in ${zone}` };
}
