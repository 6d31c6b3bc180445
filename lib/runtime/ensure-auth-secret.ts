import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../env.ts";

/**
 * AUTH_SECRET signs web sessions. When it is not configured, one is generated once into the data
 * directory (mode 0600) so sessions survive restarts and every process of this install agrees.
 */
export function ensureAuthSecret(config: Pick<Config, "authSecret" | "dataDir">): string {
  if (config.authSecret) return config.authSecret;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), config.dataDir, "auth-secret");
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": if two processes start at once, exactly one writes and both read the same secret.
    writeFileSync(file, randomBytes(48).toString("base64url") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}
