import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { assertPortsFree, findFreePort, isPortFree } from "./ports.ts";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function listen(): Promise<number> {
  return new Promise((resolve) => {
    server = createServer().listen(0, "127.0.0.1", () => resolve((server!.address() as { port: number }).port));
  });
}

describe("port checks", () => {
  it("names a port that is taken, as a second npm start would meet it", async () => {
    const port = await listen();
    expect(await isPortFree(port)).toBe(false);
    await expect(assertPortsFree([{ name: "web", port }])).rejects.toThrow(`Port ${port} (web) is already in use. Is Mailwright already running?`);
  });

  it("passes free ports", async () => {
    const port = await findFreePort();
    expect(await isPortFree(port)).toBe(true);
    await expect(assertPortsFree([{ name: "web", port }])).resolves.toBeUndefined();
  });
});
