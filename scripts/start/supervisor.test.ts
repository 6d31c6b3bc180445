import { describe, expect, it } from "vitest";
import { superviseProcesses } from "./supervisor.ts";

type Line = { source: string; line: string };

function recorder() {
  const lines: Line[] = [];
  const waiters: { match: (l: Line) => boolean; resolve: () => void }[] = [];
  return {
    lines,
    log(source: string, line: string) {
      const entry = { source, line };
      lines.push(entry);
      for (const waiter of waiters.filter((w) => w.match(entry))) waiter.resolve();
    },
    /** Resolves at the first line (already seen or yet to come) that matches. */
    waitFor(match: (l: Line) => boolean): Promise<void> {
      if (lines.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

const node = process.execPath;

describe("superviseProcesses", () => {
  it("prefixes each child's lines with its name", async () => {
    const events = recorder();
    const supervisor = superviseProcesses([{ name: "echo", command: node, args: ["-e", "console.log('hello'); console.error('oops'); setInterval(() => {}, 1000)"] }], events);
    await events.waitFor((l) => l.source === "echo" && l.line === "oops");
    await events.waitFor((l) => l.source === "echo" && l.line === "hello");
    await supervisor.stop();
  });

  it("restarts a child that dies, with growing back-off, and says so", async () => {
    const events = recorder();
    const supervisor = superviseProcesses([{ name: "crashy", command: node, args: ["-e", "console.log('up'); process.exit(3)"] }], events, { initialBackoffMs: 10 });
    await events.waitFor((l) => l.line.includes("restart #3"));
    const reports = events.lines.filter((l) => l.source === "supervisor").map((l) => l.line);
    expect(reports[0]).toBe("crashy exited (code 3); restart #1 in 0.01 s");
    expect(reports[1]).toBe("crashy exited (code 3); restart #2 in 0.02 s");
    expect(reports[2]).toBe("crashy exited (code 3); restart #3 in 0.04 s");
    expect(events.lines.filter((l) => l.source === "crashy" && l.line === "up").length).toBeGreaterThanOrEqual(3);
    await supervisor.stop();
  });

  it("restarts a child killed from outside", async () => {
    const events = recorder();
    const supervisor = superviseProcesses([{ name: "victim", command: node, args: ["-e", "console.log('ready'); setInterval(() => {}, 1000)"] }], events, { initialBackoffMs: 10 });
    await events.waitFor((l) => l.source === "victim" && l.line === "ready");
    const firstPid = supervisor.pids().victim!;
    process.kill(firstPid, "SIGKILL");
    await events.waitFor((l) => l.line === "victim exited (SIGKILL); restart #1 in 0.01 s");
    await events.waitFor((l) => l.source === "victim" && l.line === "ready" && supervisor.pids().victim !== firstPid);
    await supervisor.stop();
  });

  it("stop() ends every child, escalating to SIGKILL when SIGTERM is ignored", async () => {
    const events = recorder();
    const supervisor = superviseProcesses(
      [
        { name: "polite", command: node, args: ["-e", "console.log('ready'); setInterval(() => {}, 1000)"] },
        { name: "stubborn", command: node, args: ["-e", "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"] },
      ],
      events,
    );
    await events.waitFor((l) => l.source === "polite" && l.line === "ready");
    await events.waitFor((l) => l.source === "stubborn" && l.line === "ready");
    const pids = Object.values(supervisor.pids()) as number[];
    await supervisor.stop(200);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(events.lines.some((l) => l.source === "supervisor")).toBe(false);
  });
});

