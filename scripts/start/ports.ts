import { createServer } from "node:net";

export type NamedPort = { name: string; port: number };

/** Resolves when nothing listens on the port (on any address), false when it is taken. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws naming every taken port, so a second `npm start` explains itself instead of half-starting. */
export async function assertPortsFree(ports: NamedPort[]): Promise<void> {
  const taken: NamedPort[] = [];
  for (const entry of ports) if (!(await isPortFree(entry.port))) taken.push(entry);
  if (taken.length > 0) {
    const list = taken.map((entry) => `${entry.port} (${entry.name})`).join(", ");
    throw new Error(`Port ${list} ${taken.length === 1 ? "is" : "are"} already in use. Is Mailwright already running? Stop it, or set the port variables in .env.`);
  }
}

/** A port the OS has just handed out as free (for tests and e2e servers). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
