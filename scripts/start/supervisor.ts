import { spawn, type ChildProcess } from "node:child_process";

export type ProcessSpec = { name: string; command: string; args: string[]; env?: NodeJS.ProcessEnv };

export type SupervisorEvents = {
  /** One line of a child's output, or a line about the children. */
  log(source: string, line: string): void;
};

type Slot = { spec: ProcessSpec; child?: ChildProcess; restarts: number; startedAt: number; timer?: NodeJS.Timeout };

const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long before dying starts its back-off afresh. */
const HEALTHY_RUN_MS = 60_000;

/**
 * Runs each process, prefixes its output, and restarts it with growing back-off (1 s, 2 s, 4 s …
 * 30 s) when it dies, saying so each time: a half-running service is never silent. stop() sends
 * SIGTERM to all, then SIGKILL to any still running after `graceMs`.
 */
export function superviseProcesses(specs: ProcessSpec[], events: SupervisorEvents, options: { initialBackoffMs?: number } = {}) {
  const initialBackoffMs = options.initialBackoffMs ?? 1_000;
  let isStopping = false;
  const slots: Slot[] = specs.map((spec) => ({ spec, restarts: 0, startedAt: 0 }));

  const launch = (slot: Slot) => {
    slot.startedAt = Date.now();
    const child = spawn(slot.spec.command, slot.spec.args, { env: slot.spec.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    slot.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) events.log(slot.spec.name, line);
      });
      stream.on("end", () => pending && events.log(slot.spec.name, pending));
    }
    child.on("error", (error) => events.log("supervisor", `${slot.spec.name} could not start: ${error.message}`));
    child.on("exit", (code, signal) => {
      slot.child = undefined;
      if (isStopping) return;
      if (Date.now() - slot.startedAt > HEALTHY_RUN_MS) slot.restarts = 0;
      const delay = Math.min(MAX_BACKOFF_MS, initialBackoffMs * 2 ** slot.restarts);
      slot.restarts += 1;
      events.log("supervisor", `${slot.spec.name} exited (${signal ?? `code ${code}`}); restart #${slot.restarts} in ${delay / 1000} s`);
      slot.timer = setTimeout(() => launch(slot), delay);
    });
  };

  slots.forEach(launch);

  return {
    /** PIDs of the running children, by name (for tests and status). */
    pids(): Record<string, number | undefined> {
      return Object.fromEntries(slots.map((slot) => [slot.spec.name, slot.child?.pid]));
    },
    async stop(graceMs = 10_000): Promise<void> {
      isStopping = true;
      await Promise.all(
        slots.map((slot) => {
          clearTimeout(slot.timer);
          const child = slot.child;
          if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
          return new Promise<void>((resolve) => {
            const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
            child.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill("SIGTERM");
          });
        }),
      );
    },
  };
}
