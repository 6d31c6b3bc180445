import { describe, expect, it } from "vitest";
import { loadConfig } from "./env.ts";
import { isAppError } from "./errors.ts";

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (isAppError(error, "CONFIG_INVALID")) return error.message;
    throw error;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("loadConfig", () => {
  it("applies the documented development defaults", () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe("./data");
    expect(config.publicHostname).toBe("localhost");
    expect(config.ports).toEqual({ web: 3000, smtp: 2525, submission: 2587, smtps: 2465, imap: 2143, imaps: 2993, pop3: 2110, pop3s: 2995, ldap: 2389, ldaps: 2636 });
    expect(config.demoPassword).toBe("mailwright-demo");
    expect(config.loginLimits).toEqual({ maxFailures: 10, maxFailuresPerIp: 50, windowMs: 900_000, lockMs: 900_000 });
    expect(config.tls).toBeUndefined();
  });

  it("uses the standard ports in production mode, and explicit ports over both", () => {
    const config = loadConfig({ MAILWRIGHT_MODE: "production", IMAPS_PORT: "10993" });
    expect(config.ports).toMatchObject({ smtp: 25, submission: 587, smtps: 465, imap: 143, imaps: 10993, pop3: 110, pop3s: 995, ldap: 389, ldaps: 636 });
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ WEB_PORT: "", DATA_DIR: "" }).ports.web).toBe(3000);
  });

  it("names the variable and the bad value", () => {
    expect(configError({ SMTP_PORT: "abc" })).toMatch(/SMTP_PORT must be a number \(got "abc"\)/);
    expect(configError({ WEB_PORT: "70000" })).toMatch(/WEB_PORT must be 1-65535 \(got "70000"\)/);
    expect(configError({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL must start with postgresql:\/\/ or file:/);
    expect(configError({ PUBLIC_HOSTNAME: "bad host!" })).toMatch(/PUBLIC_HOSTNAME must be a host name/);
    expect(configError({ AUTH_SECRET: "short" })).toMatch(/AUTH_SECRET must be at least 32 characters/);
    expect(configError({ MAILWRIGHT_MODE: "staging" })).toMatch(/MAILWRIGHT_MODE/);
  });

  it("lists every bad variable at once", () => {
    const message = configError({ SMTP_PORT: "0", LOGIN_LOCK_MINUTES: "-1" });
    expect(message).toMatch(/SMTP_PORT/);
    expect(message).toMatch(/LOGIN_LOCK_MINUTES must be greater than 0/);
  });

  it("wants the TLS certificate and key together", () => {
    expect(configError({ TLS_CERT_PATH: "/etc/cert.pem" })).toMatch(/TLS_KEY_PATH must be set together/);
    expect(loadConfig({ TLS_CERT_PATH: "/c", TLS_KEY_PATH: "/k" }).tls).toEqual({ certPath: "/c", keyPath: "/k" });
  });
});
