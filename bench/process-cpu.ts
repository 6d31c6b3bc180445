// CPU time of the servers a benchmark compares, read from /proc (Linux).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** CPU seconds a process has used (utime + stime, /proc/<pid>/stat). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  // after "pid (comm) ": state is field 3, utime 14 and stime 15 (proc(5)); clock ticks are 100 per second on Linux
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds used by a process group so far: its live members' own time, plus the time of the
 * children they have reaped (Dovecot's master reaps a process per session, and its time goes there).
 */
export function processGroupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone between the listing and the read
    }
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / 100;
}

/** The pid of the Dovecot master started with this config directory (scripts/test-support/dovecot.ts runs it detached: it leads its process group). */
export function findDovecotMaster(directory: string): number {
  const config = path.join(directory, "dovecot.conf");
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.includes(config) && args[0]?.endsWith("dovecot")) return Number(entry);
    } catch {
      continue; // gone between the listing and the read
    }
  }
  throw new Error(`no Dovecot master process with ${config}`);
}
