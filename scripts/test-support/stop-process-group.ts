import type { ChildProcess } from "node:child_process";

/**
 * Stops a child started with `detached: true` (its own process group) and everything it forked:
 * SIGTERM to the group, SIGKILL after 10 s if it has not exited, and SIGKILL once more after it
 * exited, since its children may outlive it by a moment. `exited` resolves when the child exits.
 */
export async function stopProcessGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child.pid, "SIGTERM");
  const killTimer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(killTimer);
  signalGroup(child.pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what stopping wants
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
