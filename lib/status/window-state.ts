// A maintenance window's state follows the clock: before its start it is scheduled, between start
// and end ongoing, after its end completed. Nobody has to remember to flip it; the stored state
// only matters for posts without a window (incidents, announcements).
import type { StatusState } from "./status-vocabulary.ts";

export type WindowPhase = "upcoming" | "ongoing" | "completed";

export type Windowed = { startsAt: Date | null; endsAt: Date | null };

/** Where `now` falls in the window, or null for a post without one. The end itself is "completed". */
export function windowPhase(post: Windowed, now: Date): WindowPhase | null {
  if (!post.startsAt || !post.endsAt) return null;
  const t = now.getTime();
  if (t < post.startsAt.getTime()) return "upcoming";
  if (t < post.endsAt.getTime()) return "ongoing";
  return "completed";
}

/**
 * The state shown: a window's phase decides while the staff's state says nothing more specific
 * (a window marked RESOLVED or INVESTIGATING by an update keeps that word; the clock drives
 * SCHEDULED → ONGOING → COMPLETED).
 */
export function effectiveState(post: Windowed & { state: StatusState }, now: Date): StatusState {
  const phase = windowPhase(post, now);
  if (phase === null) return post.state;
  if (!["SCHEDULED", "ONGOING", "COMPLETED"].includes(post.state)) return post.state;
  return phase === "upcoming" ? "SCHEDULED" : phase === "ongoing" ? "ONGOING" : "COMPLETED";
}

/** The next moment the shown state of any of these posts changes by itself (for cache expiry), or null. */
export function nextWindowChange(posts: readonly Windowed[], now: Date): Date | null {
  let next: number | null = null;
  for (const post of posts) {
    for (const edge of [post.startsAt, post.endsAt]) {
      if (edge && edge.getTime() > now.getTime() && (next === null || edge.getTime() < next)) next = edge.getTime();
    }
  }
  return next === null ? null : new Date(next);
}
