// Postfix's smtp-sink for the benchmarks: a fresh one on an ephemeral loopback port (the system's
// Postfix is never started), accepting and discarding everything.
import { spawn } from "node:child_process";
import net from "node:net";
import { findFreePort } from "../scripts/start/ports.ts";

/** Waits until something accepts connections on the port. */
async function waitForPort(port: number): Promise<void> {
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startSmtpSink(): Promise<{ port: number; stop(): void }> {
  const port = await findFreePort();
  const sink = spawn("/usr/sbin/smtp-sink", ["-u", "nobody", `127.0.0.1:${port}`, "1000"], { stdio: "ignore" });
  await waitForPort(port);
  return { port, stop: () => sink.kill("SIGKILL") };
}
