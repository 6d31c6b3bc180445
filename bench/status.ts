// npm run bench:status — the public status page under load, against the production build:
//   median_ms, p99_ms    response time of GET /status from autocannon (10 connections, 10 s), with
//                        2,000 posts of history (target: median under 5 ms; the page it replaces took 57 ms);
//                        single_connection: the same from one connection (no queueing in the server)
//   publish_visible_ms   from the click on Publish in the staff editor to the post being in /status
// SQLite by default (BENCH_ONLY=postgres for PostgreSQL). The last line is a JSON summary.
// Not a test: nothing here fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
// autocannon ships no type declarations; only its documented promise API is used.
// @ts-expect-error -- no types
import autocannon from "autocannon";
import { createScratchDatabase } from "../scripts/test-support/scratch-database.ts";
import { startWebServer } from "../scripts/test-support/web-server.ts";
import { buildIfNeeded } from "../scripts/start/build-if-needed.ts";
import { findChromium } from "../e2e/fixtures/chromium.ts";
import { openDb } from "../lib/db.ts";
import { seedDemo } from "../lib/demo/seed-demo.ts";

type AutocannonResult = { latency: { p50: number; p99: number; average: number }; requests: { average: number }; non2xx: number; errors: number };
const run = autocannon as (options: { url: string; connections: number; duration: number }) => Promise<AutocannonResult>;

const root = path.resolve(import.meta.dirname, "..");
const PASSWORD = "status bench password";
const HISTORY = 2_000;

async function measure(provider: "sqlite" | "postgres") {
  const scratch = await createScratchDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-status-"));
  const db = await openDb(scratch.target);
  let stopServer = async () => {};
  try {
    await seedDemo(db, { password: PASSWORD });
    // Years of history: one post a day going back.
    const now = Date.now();
    await db.statusPost.createMany({
      data: Array.from({ length: HISTORY }, (_, i) => ({ slug: `bench-${i}`, title: `Bench post ${i}`, body: `Post **${i}** of the history, with a [link](https://example.com/${i}).`, kind: "ANNOUNCEMENT" as const, state: "RESOLVED" as const, services: "smtp,imap", publishedAt: new Date(now - (i + 30) * 86_400_000) })),
    });
    const server = await startWebServer({ root, databaseUrl: scratch.target.url, dataDir, logFile: path.join(root, ".test-output/bench-status-server.log") });
    stopServer = server.stop;
    const warm = await fetch(`${server.url}/status`);
    if (!warm.ok) throw new Error(`/status: HTTP ${warm.status}`);
    await run({ url: `${server.url}/status`, connections: 10, duration: 2 }); // warm up
    const load = await run({ url: `${server.url}/status`, connections: 10, duration: 10 });
    if (load.non2xx || load.errors) throw new Error(`/status under load: ${load.non2xx} non-2xx, ${load.errors} errors`);
    console.log(`  /status, 10 connections: median ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${Math.round(load.requests.average)} requests/s`);
    // One connection: the response time a reader gets when the server is not queueing requests.
    const single = await run({ url: `${server.url}/status`, connections: 1, duration: 10 });
    console.log(`  /status, 1 connection: median ${single.latency.p50} ms, p99 ${single.latency.p99} ms, ${Math.round(single.requests.average)} requests/s`);

    const browser = await chromium.launch({ executablePath: findChromium()!, args: ["--no-sandbox", "--disable-gpu"] });
    let publishVisible: number;
    try {
      const page = await browser.newPage({ baseURL: server.url });
      await page.goto("/login");
      await page.getByLabel("Email address").fill("admin@mailwright.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/mailbox/);
      await page.goto("/staff/status");
      const title = `Bench publish ${Date.now()}`;
      const editor = page.getByTestId("status-post-editor");
      await editor.getByLabel("Title").fill(title);
      await editor.getByLabel("Text (Markdown)").fill("Published by the benchmark.");
      const started = performance.now();
      await editor.getByRole("button", { name: "Publish" }).click();
      for (;;) {
        const html = await (await fetch(`${server.url}/status`)).text();
        if (html.includes(title)) break;
        if (performance.now() - started > 30_000) throw new Error("the published post did not appear within 30 s");
      }
      publishVisible = performance.now() - started;
      console.log(`  publish to visible: ${publishVisible.toFixed(0)} ms`);
    } finally {
      await browser.close();
    }
    return { median_ms: load.latency.p50, p99_ms: load.latency.p99, publish_visible_ms: Math.round(publishVisible), requests_per_s: Math.round(load.requests.average), single_connection: { median_ms: single.latency.p50, p99_ms: single.latency.p99 } };
  } finally {
    await stopServer();
    await db.$disconnect();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

buildIfNeeded(root, (line) => console.log(line));
const provider = process.env.BENCH_ONLY === "postgres" ? "postgres" : "sqlite";
console.log(`== ${provider}`);
const figures = await measure(provider);
console.log(JSON.stringify({ bench: "status", ...figures, database: provider }));
