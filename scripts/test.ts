// npm test: the whole suite. vitest on SQLite, vitest again on a fresh PostgreSQL database
// (TEST_DATABASE_URL, default the local server), then the Playwright browser tests in Debian's
// Chromium. A part that cannot run here says why in one line; under CI every part must run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isPostgresReachable, testDatabaseAdminUrl } from "./test-support/scratch-database.ts";
import { CHROMIUM_INSTALL_HINT, findChromium } from "../e2e/fixtures/chromium.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputDir = path.join(root, ".test-output");
const isCi = process.env.CI === "true";
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

type Counts = { passed: number; failed: number; skipped: number };
const parts: { name: string; counts?: Counts; exitCode: number; note?: string; failedTests?: string[] }[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return result.status ?? 1;
}

function readJson(file: string): Record<string, unknown> | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : undefined;
}

function runVitest(database: "sqlite" | "postgres") {
  const report = path.join(outputDir, `vitest-${database}.json`);
  const exitCode = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { TEST_DB: database });
  type FileResult = { name: string; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] };
  const json = readJson(report) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; testResults: FileResult[] } | undefined;
  const counts = json && { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
  // CI shows only the end of the log, so the summary names what failed and the first line of why.
  const failedTests = json?.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === "failed")
      .map((test) => `${path.relative(root, file.name)} › ${test.fullName}: ${(test.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300)}`),
  );
  parts.push({ name: `vitest (${database})`, counts, exitCode, failedTests });
}

type PlaywrightSuite = {
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; line: number; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
};

/** The Playwright JSON report's failed tests, as "file:line › title: first line of the error". */
function failedPlaywrightTests(suite: PlaywrightSuite, file = ""): string[] {
  const here = suite.file ?? file;
  const failed = (suite.specs ?? [])
    .filter((spec) => spec.tests.some((test) => test.status === "unexpected"))
    .map((spec) => {
      const error = spec.tests.flatMap((test) => test.results).find((result) => result.error)?.error?.message ?? "";
      return `${here}:${spec.line} › ${spec.title}: ${error.replace(/\u001b\[[0-9;]*m/g, "").split("\n")[0].slice(0, 300)}`;
    });
  return [...failed, ...(suite.suites ?? []).flatMap((child) => failedPlaywrightTests(child, here))];
}

function skip(name: string, why: string) {
  console.log(`\n${name}: SKIPPED: ${why}`);
  parts.push({ name, exitCode: isCi ? 1 : 0, note: `skipped: ${why}` });
}

rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

runVitest("sqlite");

if (await isPostgresReachable()) runVitest("postgres");
else skip("vitest (postgres)", `PostgreSQL is not reachable at ${testDatabaseAdminUrl()} (start it, or set TEST_DATABASE_URL)`);

if (findChromium()) {
  const exitCode = run(bin("playwright"), ["test"]);
  const report = readJson(path.join(outputDir, "playwright.json"));
  const stats = (report?.stats ?? undefined) as { expected: number; unexpected: number; skipped: number; flaky: number } | undefined;
  const counts = stats && { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  parts.push({ name: "playwright (chromium)", counts, exitCode, failedTests: report && failedPlaywrightTests(report as PlaywrightSuite) });
} else {
  skip("playwright (chromium)", CHROMIUM_INSTALL_HINT);
}

console.log("\n== Test summary ==");
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const part of parts) {
  const c = part.counts;
  if (c) for (const key of ["passed", "failed", "skipped"] as const) total[key] += c[key];
  const detail = part.note ?? (c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : "no report (the runner failed before testing)");
  console.log(`${part.exitCode === 0 ? "ok  " : "FAIL"} ${part.name}: ${detail}`);
  for (const failed of part.failedTests ?? []) console.log(`     failed: ${failed}`);
}
// A runner can fail without failing a test (a broken setup); count that as a failure too.
const brokenParts = parts.filter((part) => part.exitCode !== 0 && !(part.counts && part.counts.failed > 0)).length;
console.log(`tests: ${total.passed} passed, ${total.failed + brokenParts} failed, ${total.skipped} skipped`);
process.exit(parts.some((part) => part.exitCode !== 0) ? 1 : 0);
