import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createPublicPageCache } from "./public-page-cache.ts";

/** A stand-in for Next behind the cache, on a real socket: it counts the requests that reach it. */
async function startServer(backend: (request: IncomingMessage, response: ServerResponse) => void) {
  let clock = 1_000_000;
  const cache = createPublicPageCache({ prefixes: ["/status"], ttlMs: 200, maxEntries: 2, now: () => clock });
  const reached: string[] = [];
  const server = createServer((request, response) => {
    cache.handle(request, response, () => {
      reached.push(`${request.method} ${request.url}`);
      backend(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, reached, advance: (ms: number) => (clock += ms) };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Like an ISR page: shareable, written in pieces, its body saying how many times it was made. */
function isrPage() {
  let renders = 0;
  return (request: IncomingMessage, response: ServerResponse) => {
    renders += 1;
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.setHeader("cache-control", "s-maxage=5, stale-while-revalidate=31535995");
    const html = `<p>render ${renders} of ${request.url}</p>`;
    if (/gzip/.test(String(request.headers["accept-encoding"]))) {
      response.setHeader("content-encoding", "gzip");
      response.end(gzipSync(html));
      return;
    }
    response.write(html.slice(0, 5));
    response.end(html.slice(5), "utf8");
  };
}

describe("the public page cache", () => {
  it("serves a shareable page again without the backend, with its headers, until the time limit", async () => {
    const { base, reached, advance } = await startServer(isrPage());
    const identity = { headers: { "accept-encoding": "identity" } };
    const first = await fetch(`${base}/status`, identity);
    const second = await fetch(`${base}/status`, identity);
    expect(await first.text()).toBe("<p>render 1 of /status</p>");
    expect(await second.text()).toBe("<p>render 1 of /status</p>");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(second.headers.get("content-length")).toBe(String("<p>render 1 of /status</p>".length));
    expect(reached).toEqual(["GET /status"]);
    advance(200);
    expect(await (await fetch(`${base}/status`, identity)).text()).toBe("<p>render 2 of /status</p>");
  });

  it("keeps each path and each encoding apart, and bypasses navigations, conditional requests and other paths", async () => {
    const { base, reached } = await startServer(isrPage());
    await fetch(`${base}/status/page/2`);
    await fetch(`${base}/status/page/2`);
    await fetch(`${base}/status/page/3`);
    await fetch(`${base}/status`, { headers: { rsc: "1" } });
    await fetch(`${base}/status`, { headers: { "if-none-match": '"abc"' } });
    await fetch(`${base}/statusx`);
    await fetch(`${base}/statusx`);
    expect(reached).toEqual(["GET /status/page/2", "GET /status/page/3", "GET /status", "GET /status", "GET /statusx", "GET /statusx"]);
    // fetch asks for gzip by default and unpacks it: ask with and without, and look at the bytes.
    const zipped = await new Promise<Buffer>((resolve) =>
      import("node:http").then(({ get }) =>
        get(`${base}/status/feed.xml`, { headers: { "accept-encoding": "gzip" } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve(Buffer.concat(chunks)));
        }),
      ),
    );
    expect(gunzipSync(zipped).toString()).toBe("<p>render 7 of /status/feed.xml</p>");
    const plain = await fetch(`${base}/status/feed.xml`, { headers: { "accept-encoding": "identity" } });
    expect(await plain.text()).toBe("<p>render 8 of /status/feed.xml</p>");
  });

  it("holds a bounded number of pages, dropping the oldest", async () => {
    const { base, reached } = await startServer(isrPage());
    for (const path of ["/status/a", "/status/b", "/status/c", "/status/c", "/status/b", "/status/a"]) await fetch(`${base}${path}`);
    expect(reached).toEqual(["GET /status/a", "GET /status/b", "GET /status/c", "GET /status/a"]);
  });

  it("keeps no page that is private, an error, or sets a cookie", async () => {
    let kind = "private";
    const { base, reached } = await startServer((request, response) => {
      response.setHeader("content-type", "text/plain");
      if (kind === "private") response.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
      if (kind === "error") {
        response.setHeader("cache-control", "s-maxage=5");
        response.statusCode = 500;
      }
      if (kind === "cookie") {
        response.setHeader("cache-control", "public, max-age=60");
        response.setHeader("set-cookie", "a=b");
      }
      response.end(kind);
    });
    for (const next of ["private", "error", "cookie"]) {
      kind = next;
      await fetch(`${base}/status/${next}`);
      await fetch(`${base}/status/${next}`);
    }
    expect(reached).toHaveLength(6);
  });

  it("forgets everything when a change is made, and keeps no page that was read while the change ran", async () => {
    let finishSlowRead: () => void = () => {};
    let slowReadStarted: () => void = () => {};
    const slowReadIsWaiting = new Promise<void>((resolve) => (slowReadStarted = resolve));
    let isFirstSlowRead = true;
    const page = isrPage();
    const { base, reached } = await startServer((request, response) => {
      if (request.method === "POST") return void request.resume().on("end", () => response.end("saved"));
      if (request.url === "/status/slow" && isFirstSlowRead) {
        isFirstSlowRead = false;
        finishSlowRead = () => page(request, response);
        slowReadStarted();
        return;
      }
      page(request, response);
    });
    await fetch(`${base}/status`);
    await fetch(`${base}/status`);
    expect(reached).toEqual(["GET /status"]);

    // A page read that began before the change and ends after it may show the old state.
    const slowRead = fetch(`${base}/status/slow`);
    await slowReadIsWaiting;
    expect(await (await fetch(`${base}/staff/status`, { method: "POST", body: "publish" })).text()).toBe("saved");
    finishSlowRead();
    await (await slowRead).text();
    await fetch(`${base}/status/slow`);
    await fetch(`${base}/status`);
    expect(reached).toEqual(["GET /status", "GET /status/slow", "POST /staff/status", "GET /status/slow", "GET /status"]);
  });
});
