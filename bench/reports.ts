// npm run bench:reports — the reject reports at scale, on PostgreSQL and SQLite: one address's last
// 7 days (first page of the table, the self view), an account's 30-day chart (from the daily
// roll-ups), and the MX's batched reject-log writes per second while reports are queried.
// BENCH_ROWS (PostgreSQL, default 50,000,000) and BENCH_SQLITE_ROWS (default 10,000,000) set the
// filled rows; the last line is the JSON summary.
import { openDb, type Db } from "../lib/db.ts";
import type { Principal } from "../lib/auth/principal.ts";
import { createRejectLog } from "../lib/delivery/reject-log.ts";
import { listRejects } from "../lib/reports/list-rejects.ts";
import { loadRejectCharts } from "../lib/reports/reject-charts.ts";
import { RejectFilterParams, addDays, settleFilters } from "../lib/reports/reject-filters.ts";
import { createScratchDatabase, isPostgresReachable } from "../scripts/test-support/scratch-database.ts";
import { benchAccountId, benchAddress, benchMailboxId, fillRejects } from "./fill-rejects.ts";
import { median } from "./median.ts";

const ROWS = { postgres: Number(process.env.BENCH_ROWS ?? 50_000_000), sqlite: Number(process.env.BENCH_SQLITE_ROWS ?? 10_000_000) };
const ACCOUNTS = 1_000;
const MAILBOXES_PER_ACCOUNT = 20;
const DAYS = 30;
const INSERTS = Number(process.env.BENCH_INSERTS ?? 10_000);

type Figures = { rows: number; fill_s: number; address_7d_ms: number; account_chart_30d_ms: number; insert_per_s: number };

function principal(accountId: string, mailboxId: string, accessLevel: Principal["accessLevel"]): Principal {
  return { kind: "mailbox", mailboxId, accountId, address: "bench@bench.example", displayName: "", accessLevel, role: null };
}

async function measure(provider: "postgres" | "sqlite"): Promise<Figures> {
  const scratch = await createScratchDatabase(provider);
  const db: Db = await openDb(scratch.target);
  try {
    const rows = ROWS[provider];
    const started = performance.now();
    let lastReport = 0;
    await fillRejects(db, {
      rows,
      accounts: ACCOUNTS,
      mailboxesPerAccount: MAILBOXES_PER_ACCOUNT,
      days: DAYS,
      onProgress: (done) => {
        if (done - lastReport < rows / 10 && done !== rows) return;
        console.error(`${provider}: ${done} rows (${Math.round((performance.now() - started) / 1000)} s)`);
        lastReport = done;
      },
    });
    if (provider === "postgres") await db.$executeRawUnsafe(`VACUUM ANALYZE "RejectEvent"`);
    else await db.$executeRawUnsafe(`ANALYZE`);
    const fill_s = Math.round((performance.now() - started) / 100) / 10;

    const today = new Date().toISOString().slice(0, 10);
    const week = settleFilters(RejectFilterParams.parse({ from: addDays(today, -6), to: today }));
    // A different mailbox and account each run: no run is served by the previous one's cache alone.
    let i = 0;
    let found = 0;
    const address_7d_ms = await median(21, async () => {
      const mailbox = (i++ * 7919) % (ACCOUNTS * MAILBOXES_PER_ACCOUNT);
      const accountId = benchAccountId(Math.floor(mailbox / MAILBOXES_PER_ACCOUNT));
      const { rows: page } = await listRejects(db, { actor: principal(accountId, benchMailboxId(mailbox), "SELF"), scope: { kind: "mailbox", accountId, mailboxId: benchMailboxId(mailbox) }, filters: week });
      if (page.some((row) => row.rcptTo !== benchAddress(mailbox, MAILBOXES_PER_ACCOUNT))) throw new Error(`bench: another mailbox's rows for mailbox ${mailbox}`);
      found += page.length;
    });
    console.error(`${provider}: address, last 7 days: ${address_7d_ms.toFixed(1)} ms`);
    if (found === 0) throw new Error("bench: no mailbox had refusals in the last 7 days");
    let j = 0;
    const account_chart_30d_ms = await median(21, async () => {
      const accountId = benchAccountId((j++ * 131) % ACCOUNTS);
      const charts = await loadRejectCharts(db, { actor: principal(accountId, "x", "FULL_MANAGEMENT"), scope: { kind: "account", accountId }, fromDay: addDays(today, -29), toDay: today });
      if (charts.total === 0) throw new Error(`bench: empty chart for ${accountId}`);
    });

    console.error(`${provider}: account chart, 30 days: ${account_chart_30d_ms.toFixed(1)} ms`);
    // The MX's writes (batches of up to 1,000, roll-ups included) while a reader runs reports.
    const log = createRejectLog(db, { catchAllDailyCap: 1000, maxBatch: 1_000 });
    // The reports run in the web app, another process with its own connection: a second client here.
    const web: Db = await openDb(scratch.target);
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      let k = 0;
      while (reading) {
        const mailbox = (k++ * 104729) % (ACCOUNTS * MAILBOXES_PER_ACCOUNT);
        const accountId = benchAccountId(Math.floor(mailbox / MAILBOXES_PER_ACCOUNT));
        await listRejects(web, { actor: principal(accountId, benchMailboxId(mailbox), "SELF"), scope: { kind: "mailbox", accountId, mailboxId: benchMailboxId(mailbox) }, filters: week });
        await loadRejectCharts(web, { actor: principal(accountId, "x", "FULL_MANAGEMENT"), scope: { kind: "account", accountId }, fromDay: addDays(today, -29), toDay: today });
        reads += 1;
        // In production the web app is another process; here it shares the event loop, and SQLite's
        // synchronous driver would otherwise keep it busy with microtasks, starving the writer's timers.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const insertStarted = performance.now();
    for (let n = 0; n < INSERTS; n++) {
      const mailbox = n % (ACCOUNTS * MAILBOXES_PER_ACCOUNT);
      log.record({
        stage: "RCPT", smtpCode: 550, enhancedCode: "5.7.1", reasonKey: "blocked_sender", reasonText: "Access denied", at: new Date(), clientIp: `203.0.113.${n % 250}`, helo: "bench.example",
        mailFrom: `s${n % 5000}@sender.example`, rcptTo: benchAddress(mailbox, MAILBOXES_PER_ACCOUNT), accountId: benchAccountId(Math.floor(mailbox / MAILBOXES_PER_ACCOUNT)), mailboxId: benchMailboxId(mailbox), isCatchAll: false,
      });
      // Give the timer and the writes their turn, as the MX's event loop would between refusals.
      if (n % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const insert_per_s = Math.round(INSERTS / ((performance.now() - insertStarted) / 1000));
    reading = false;
    await reader;
    await web.$disconnect();
    console.error(`${provider}: ${insert_per_s} refusals/s written while ${reads} reports were read`);
    const figures = { rows, fill_s, address_7d_ms: Math.round(address_7d_ms * 10) / 10, account_chart_30d_ms: Math.round(account_chart_30d_ms * 10) / 10, insert_per_s };
    console.error(`${provider}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await db.$disconnect();
    await scratch.drop();
  }
}

async function main() {
  const result: { bench: "reports"; postgres?: Figures; sqlite?: Figures } = { bench: "reports" };
  const only = process.env.BENCH_DATABASES?.split(",");
  if (only && !only.includes("postgres")) console.error("BENCH_DATABASES: PostgreSQL left out");
  else if (await isPostgresReachable()) result.postgres = await measure("postgres");
  else console.error("PostgreSQL is not reachable: its figures are left out");
  if (!only || only.includes("sqlite")) result.sqlite = await measure("sqlite");
  console.log(JSON.stringify(result));
}

await main();
