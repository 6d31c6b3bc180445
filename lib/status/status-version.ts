// A counter bumped by every change to the status posts made in this process, so the public page's
// in-memory cache knows to refresh at once instead of waiting for its time limit.
let version = 0;

export function statusVersion(): number {
  return version;
}

export function bumpStatusVersion(): void {
  version += 1;
}
