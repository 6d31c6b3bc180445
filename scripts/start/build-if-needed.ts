import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "auth.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (!SKIP.has(child) && !child.endsWith(".test.ts")) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** True when there is no production build, or a source file changed after it was made. */
export function isBuildStale(root: string): boolean {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > builtAt);
}

/** Runs `npm run build` when the production build is missing or stale; returns whether it built. */
export function buildIfNeeded(root: string, log: (line: string) => void): boolean {
  if (!isBuildStale(root)) return false;
  log("building the web app (next build)…");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return true;
}
