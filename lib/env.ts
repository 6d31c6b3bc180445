import { z } from "zod";
import { AppError } from "./errors.ts";

// Every process validates its configuration with this schema at start-up. Defaults are documented
// in .env.example; in production mode the protocol ports default to the standard ones.

const port = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535");
const positiveInt = z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive("must be greater than 0");
const nonNegativeInt = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more");
const ipList = z.string().regex(/^[0-9a-fA-F:.]+(,[0-9a-fA-F:.]+)*$/, "must be a comma-separated list of IP addresses");
const hostnameList = z.string().regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, "must be a comma-separated list of DNS zones");
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, "must be a host name");

const PORTS = {
  development: { SMTP: 2525, SUBMISSION: 2587, SMTPS: 2465, IMAP: 2143, IMAPS: 2993, POP3: 2110, POP3S: 2995, LDAP: 2389, LDAPS: 2636 },
  production: { SMTP: 25, SUBMISSION: 587, SMTPS: 465, IMAP: 143, IMAPS: 993, POP3: 110, POP3S: 995, LDAP: 389, LDAPS: 636 },
} as const;

const EnvSchema = z
  .object({
    MAILWRIGHT_MODE: z.enum(["development", "production"]).default("development"),
    DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?:\/\/|file:)/, "must start with postgresql:// or file:")
      .optional(),
    PUBLIC_HOSTNAME: hostname.default("localhost"),
    WEB_PORT: port.default(3000),
    SMTP_PORT: port.optional(),
    SUBMISSION_PORT: port.optional(),
    SMTPS_PORT: port.optional(),
    IMAP_PORT: port.optional(),
    IMAPS_PORT: port.optional(),
    POP3_PORT: port.optional(),
    POP3S_PORT: port.optional(),
    LDAP_PORT: port.optional(),
    LDAPS_PORT: port.optional(),
    TLS_CERT_PATH: z.string().min(1).optional(),
    TLS_KEY_PATH: z.string().min(1).optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").default("mailwright-demo"),
    LOGIN_MAX_FAILURES: positiveInt.default(10),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
    LOGIN_WINDOW_MINUTES: positiveInt.default(15),
    LOGIN_LOCK_MINUTES: positiveInt.default(15),
    TRUSTED_PROXIES: z
      .string()
      .regex(/^[0-9a-fA-F:.]+(,[0-9a-fA-F:.]+)*$/, "must be a comma-separated list of IP addresses")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
    MX_MAX_RECIPIENTS: positiveInt.default(100),
    MX_MAX_ERRORS: positiveInt.default(10),
    MX_MAX_CONNECTIONS_PER_IP: nonNegativeInt.default(50),
    MX_CONNECTIONS_PER_MINUTE_PER_IP: nonNegativeInt.default(1200),
    MX_DNSBL_ZONES: hostnameList.optional(),
    MX_CATCH_ALL_DAILY_CAP: nonNegativeInt.default(1000),
    REJECT_RETENTION_DAYS: positiveInt.default(30),
    MX_XCLIENT_PEERS: ipList.optional(),
    MX_GREET_PAUSE_MS: nonNegativeInt.default(0),
    DNS_SERVERS: z
      .string()
      .regex(/^[0-9a-fA-F:.[\]]+(,[0-9a-fA-F:.[\]]+)*$/, "must be a comma-separated list of IP addresses (with :port if needed)")
      .optional(),
    SUBMISSION_MAX_RECIPIENTS_PER_HOUR: positiveInt.default(1000),
    SUBMISSION_SAVE_SENT: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
    OUTBOUND_PORT: port.default(25),
    QUEUE_MAX_PER_DESTINATION: positiveInt.default(10),
    QUEUE_LEASE_SECONDS: positiveInt.default(600),
    QUEUE_RUNNER: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
    QUEUE_DESTINATIONS: hostnameList.optional(),
    SRS_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    SRS_DOMAIN: hostname.optional(),
    FORWARD_DISCARD_SCORE: z.coerce.number({ error: "must be a number" }).default(6),
    FORWARD_DISCARD_SCORES: z
      .string()
      .regex(/^[a-z0-9.-]+=-?\d+(\.\d+)?(,[a-z0-9.-]+=-?\d+(\.\d+)?)*$/i, "must be a comma-separated list of domain=score")
      .default("hotmail.com=1,outlook.com=1,live.com=1,msn.com=1"),
    FEEDBACK_ADDRESS: z.string().regex(/^[^@\s]+@[^@\s]+$/, "must be an address").optional(),
    SPAMD_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d{1,5}$/, "must be host:port")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TLS_CERT_PATH) !== Boolean(env.TLS_KEY_PATH)) {
      ctx.addIssue({ code: "custom", path: [env.TLS_CERT_PATH ? "TLS_KEY_PATH" : "TLS_CERT_PATH"], message: "must be set together with the other TLS path" });
    }
  });

export type Config = ReturnType<typeof toConfig>;

function list(value: string | undefined): string[] {
  return (value ?? "").split(",").filter(Boolean);
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  const defaults = PORTS[env.MAILWRIGHT_MODE];
  return {
    mode: env.MAILWRIGHT_MODE,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    publicHostname: env.PUBLIC_HOSTNAME,
    ports: {
      web: env.WEB_PORT,
      smtp: env.SMTP_PORT ?? defaults.SMTP,
      submission: env.SUBMISSION_PORT ?? defaults.SUBMISSION,
      smtps: env.SMTPS_PORT ?? defaults.SMTPS,
      imap: env.IMAP_PORT ?? defaults.IMAP,
      imaps: env.IMAPS_PORT ?? defaults.IMAPS,
      pop3: env.POP3_PORT ?? defaults.POP3,
      pop3s: env.POP3S_PORT ?? defaults.POP3S,
      ldap: env.LDAP_PORT ?? defaults.LDAP,
      ldaps: env.LDAPS_PORT ?? defaults.LDAPS,
    },
    tls: env.TLS_CERT_PATH && env.TLS_KEY_PATH ? { certPath: env.TLS_CERT_PATH, keyPath: env.TLS_KEY_PATH } : undefined,
    authSecret: env.AUTH_SECRET,
    demoPassword: env.DEMO_PASSWORD,
    loginLimits: {
      maxFailures: env.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: env.LOGIN_WINDOW_MINUTES * 60_000,
      lockMs: env.LOGIN_LOCK_MINUTES * 60_000,
    },
    /** Peers whose X-Forwarded-For is believed (the reverse proxies in front of the web app). */
    trustedProxies: new Set((env.TRUSTED_PROXIES ?? "").split(",").filter(Boolean).map((ip) => ip.toLowerCase())),
    logLevel: env.LOG_LEVEL,
    mx: {
      maxRecipients: env.MX_MAX_RECIPIENTS,
      maxErrors: env.MX_MAX_ERRORS,
      /** 0: no limit. */
      maxConnectionsPerIp: env.MX_MAX_CONNECTIONS_PER_IP,
      /** 0: no limit. */
      connectionsPerMinutePerIp: env.MX_CONNECTIONS_PER_MINUTE_PER_IP,
      dnsblZones: list(env.MX_DNSBL_ZONES).map((zone) => zone.toLowerCase()),
      catchAllDailyCap: env.MX_CATCH_ALL_DAILY_CAP,
      /** Days the reject log and its roll-ups are kept (reject reports); older rows are pruned daily. */
      rejectRetentionDays: env.REJECT_RETENTION_DAYS,
      xclientPeers: list(env.MX_XCLIENT_PEERS),
      greetPauseMs: env.MX_GREET_PAUSE_MS,
    },
    /** DNS servers for the MX's checks; empty: the system's. */
    dnsServers: list(env.DNS_SERVERS),
    submission: {
      maxRecipientsPerHour: env.SUBMISSION_MAX_RECIPIENTS_PER_HOUR,
      savesToSent: env.SUBMISSION_SAVE_SENT === "true",
    },
    queue: {
      /** The destination port of outbound SMTP: 25, another in tests. */
      outboundPort: env.OUTBOUND_PORT,
      maxPerDestination: env.QUEUE_MAX_PER_DESTINATION,
      leaseMs: env.QUEUE_LEASE_SECONDS * 1000,
      /** false: another process runs the queue. */
      runsQueue: env.QUEUE_RUNNER === "true",
      /** Only these destination domains (a runner dedicated to some providers); undefined: all. */
      destinations: env.QUEUE_DESTINATIONS ? list(env.QUEUE_DESTINATIONS).map((d) => d.toLowerCase()) : undefined,
      /** Undefined: derived from AUTH_SECRET (lib/runtime/ensure-auth-secret.ts). */
      srsSecret: env.SRS_SECRET,
      srsDomain: (env.SRS_DOMAIN ?? env.PUBLIC_HOSTNAME).toLowerCase(),
      /** A forwarded copy scoring at least this is discarded; per destination domain, then the default. */
      forwardDiscardScores: new Map(list(env.FORWARD_DISCARD_SCORES).map((entry) => [entry.split("=")[0]!.toLowerCase(), Number(entry.split("=")[1])])),
      forwardDiscardScore: env.FORWARD_DISCARD_SCORE,
      /** Where mailbox providers send feedback-loop reports (ARF). */
      feedbackAddress: env.FEEDBACK_ADDRESS?.toLowerCase(),
    },
    spamd: env.SPAMD_ADDRESS ? { host: env.SPAMD_ADDRESS.split(":")[0]!, port: Number(env.SPAMD_ADDRESS.split(":")[1]), timeoutMs: 10_000 } : undefined,
  };
}

/**
 * Validates the environment; throws AppError("CONFIG_INVALID") whose message names every bad
 * variable, e.g. `SMTP_PORT must be 1-65535 (got "99999")`. Empty strings count as unset.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const got = present[name] === undefined ? "" : ` (got ${JSON.stringify(present[name])})`;
      return `${name} ${issue.message}${got}`;
    });
    throw new AppError("CONFIG_INVALID", `Invalid configuration: ${problems.join("; ")}`, { problems });
  }
  return toConfig(parsed.data);
}
