import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthLevel, readServiceHealth } from "./service-health.ts";
import { readUptimeBars } from "./uptime-bars.ts";
import { addMinuteCount, recordHeartbeat, recordProbeResult } from "./record-service-activity.ts";
import { startActivityRecorder } from "./activity-recorder.ts";
import { probeGreeting, GREETINGS } from "./probe-greeting.ts";
import { probeOnce } from "./prober.ts";
import { readConnectionRates } from "./connection-rates.ts";
import { testDb, uniqueName, TEST_LIMITS, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { verifyLogin } from "../auth/verify-login.ts";
import { ensureTlsCertificate, readTlsFiles } from "../runtime/ensure-tls-certificate.ts";

const now = new Date("2206-07-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("health level from heartbeat and probe", () => {
  it("is up, degraded, down or unknown by the two signs", () => {
    const staleMs = 60_000;
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(5_000), lastProbe: { at: ago(10_000), ok: true } })).toBe("up");
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(5_000), lastProbe: null })).toBe("up");
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(5_000), lastProbe: { at: ago(10_000), ok: false } })).toBe("degraded");
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(120_000), lastProbe: { at: ago(10_000), ok: true } })).toBe("degraded");
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(120_000), lastProbe: { at: ago(10_000), ok: false } })).toBe("down");
    expect(healthLevel({ now, staleMs, lastHeartbeat: ago(60_001), lastProbe: null })).toBe("down");
    expect(healthLevel({ now, staleMs, lastHeartbeat: null, lastProbe: null })).toBe("unknown");
  });
});

describe("recording activity", () => {
  // One database for the run: these tests write the health rows every test sees, in their own far-future time.
  it("reads the freshest heartbeat over a service's processes, and the latest probe", async () => {
    const db = await testDb();
    await recordHeartbeat(db, { service: "pop3", instance: uniqueName("host"), at: ago(200_000) });
    await recordHeartbeat(db, { service: "pop3", instance: uniqueName("host"), at: ago(3_000) });
    await recordProbeResult(db, { service: "pop3", at: ago(2_000), ok: false, detail: "connect ECONNREFUSED" });
    const pop3 = (await readServiceHealth(db, { now, staleMs: 60_000 })).find((row) => row.service === "pop3")!;
    expect(pop3.lastHeartbeat?.toISOString()).toBe(ago(3_000).toISOString());
    expect(pop3.lastProbe).toMatchObject({ ok: false, detail: "connect ECONNREFUSED" });
    expect(pop3.level).toBe("degraded");
  });

  it("turns probes into a 90-day uptime bar per service", async () => {
    const db = await testDb();
    for (let i = 0; i < 3; i++) await recordProbeResult(db, { service: "ldap", at: new Date("2206-06-30T10:00:00Z"), ok: true, detail: "connected" });
    await recordProbeResult(db, { service: "ldap", at: new Date("2206-06-30T11:00:00Z"), ok: false, detail: "timeout" });
    const bars = await readUptimeBars(db, { now, days: 90 });
    const ldap = bars.find((bar) => bar.service === "ldap")!;
    expect(ldap.days).toHaveLength(90);
    expect(ldap.days.at(-1)!.day).toBe("2206-07-01");
    expect(ldap.days.at(-2)).toEqual({ day: "2206-06-30", ratio: 0.75 });
    expect(ldap.days[0]).toEqual({ day: "2206-04-03", ratio: null });
  });

  it("counts connections and logins per minute, summed over processes, for staff's rate graphs", async () => {
    const db = await testDb();
    const minute = new Date("2206-07-01T11:58:10Z");
    await addMinuteCount(db, { service: "smtp", metric: "connections", at: minute, count: 3 });
    await addMinuteCount(db, { service: "smtp", metric: "connections", at: new Date("2206-07-01T11:58:50Z"), count: 4 });
    await addMinuteCount(db, { service: "smtp", metric: "logins", at: minute, count: 2 });
    const rates = await readConnectionRates(db, { now, minutes: 5 });
    const smtp = rates.find((rate) => rate.service === "smtp")!;
    expect(smtp.connections.map((point) => point.count)).toEqual([0, 0, 7, 0, 0]);
    expect(smtp.logins.map((point) => point.count)).toEqual([0, 0, 2, 0, 0]);
    expect(smtp.connections[2].minute.toISOString()).toBe("2206-07-01T11:58:00.000Z");
  });

  it("a recorder writes its heartbeat and counts a watched server's connections", async () => {
    const db = await testDb();
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const instance = uniqueName("rec");
    const recorder = startActivityRecorder(db, { service: "imap", instance, intervalMs: 60_000, now: () => new Date("2206-08-01T00:00:30Z") });
    recorder.watch(server);
    const { port } = server.address() as { port: number };
    const accepted = new Promise((resolve) => server.once("connection", resolve));
    await probeGreeting({ service: "imap", host: "127.0.0.1", port, greeting: null });
    await accepted;
    recorder.count("logins", 2);
    await recorder.flush();
    await recorder.stop();
    server.close();
    expect((await db.serviceHeartbeat.findUnique({ where: { service_instance: { service: "imap", instance } } }))?.at.toISOString()).toBe("2206-08-01T00:00:30.000Z");
    const rows = await db.serviceMinute.findMany({ where: { service: "imap", minute: new Date("2206-08-01T00:00:00Z") } });
    expect(Object.fromEntries(rows.map((row) => [row.metric, row.count]))).toEqual({ connections: 1, logins: 2 });
  });

  it("a successful login of any protocol counts for the process's recorder; a failed one does not", async () => {
    const db = await testDb();
    const minute = new Date("2206-09-01T00:00:00Z");
    const recorder = startActivityRecorder(db, { service: "pop3", instance: uniqueName("logins"), intervalMs: 60_000, now: () => minute });
    const login = (password: string) => verifyLogin(db, { address: "bob@example.test", password, ip: "192.0.2.77", protocol: "pop3", limits: TEST_LIMITS });
    await login(TEST_PASSWORD);
    await expect(login("not the password")).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await login(TEST_PASSWORD);
    await recorder.flush();
    await recorder.stop();
    const row = await db.serviceMinute.findUnique({ where: { service_metric_minute: { service: "pop3", metric: "logins", minute } } });
    expect(row?.count).toBe(2);
  });
});

describe("the prober", () => {
  let greeter: Server;
  let silent: Server;
  beforeAll(async () => {
    greeter = createServer((socket) => socket.write("+OK POP3 ready\r\n"));
    silent = createServer((socket) => socket.write("HTTP/1.1 400 Bad Request\r\n"));
    await Promise.all([greeter, silent].map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));
  });
  afterAll(() => {
    greeter.close();
    silent.close();
  });
  const portOf = (server: Server) => (server.address() as { port: number }).port;

  it("accepts the protocol's greeting and refuses a wrong one, a closed port and silence", async () => {
    expect(await probeGreeting({ service: "pop3", host: "127.0.0.1", port: portOf(greeter), greeting: GREETINGS.pop3 })).toEqual({ ok: true, detail: "+OK POP3 ready" });
    expect(await probeGreeting({ service: "imap", host: "127.0.0.1", port: portOf(silent), greeting: GREETINGS.imap })).toEqual({ ok: false, detail: "unexpected greeting: HTTP/1.1 400 Bad Request" });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await probeGreeting({ service: "smtp", host: "127.0.0.1", port: closedPort, greeting: GREETINGS.smtp })).ok).toBe(false);
    const mute = createServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    expect(await probeGreeting({ service: "smtp", host: "127.0.0.1", port: portOf(mute), greeting: GREETINGS.smtp }, 200)).toEqual({ ok: false, detail: "no answer within 200 ms" });
    mute.close();
  });

  it("speaks TLS from the first byte to an implicit-TLS port, and records a service as up only when each of its listeners answers", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-probe-"));
    const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "pop3.mailwright.test", tls: undefined }));
    const tlsGreeter = createTlsServer(tls, (socket) => socket.write("+OK POP3 over TLS\r\n"));
    await new Promise<void>((resolve) => tlsGreeter.listen(0, "127.0.0.1", resolve));
    const tlsPort = (tlsGreeter.address() as { port: number }).port;
    try {
      expect(await probeGreeting({ service: "pop3", host: "127.0.0.1", port: tlsPort, greeting: GREETINGS.pop3, tls: true })).toEqual({ ok: true, detail: "+OK POP3 over TLS" });
      expect(await probeGreeting({ service: "ldap", host: "127.0.0.1", port: tlsPort, greeting: null, tls: true })).toEqual({ ok: true, detail: "connected" });
      // A plain listener where TLS is expected fails the handshake.
      expect((await probeGreeting({ service: "pop3", host: "127.0.0.1", port: portOf(greeter), greeting: GREETINGS.pop3, tls: true }, 2_000)).ok).toBe(false);

      const db = await testDb();
      const service = uniqueName("pop3-both");
      const day = new Date("2207-02-01T00:00:00Z");
      const both = [
        { service, host: "127.0.0.1", port: portOf(greeter), greeting: GREETINGS.pop3 },
        { service, host: "127.0.0.1", port: tlsPort, greeting: GREETINGS.pop3, tls: true },
      ];
      await probeOnce(db, both, () => day);
      const read = () => db.serviceProbeDay.findUnique({ where: { service_day: { service, day: "2207-02-01" } } });
      expect(await read()).toMatchObject({ okCount: 1, failCount: 0, lastOk: true });
      // The TLS listener stops: the service is down, and the detail names the port.
      await new Promise<void>((resolve) => tlsGreeter.close(() => resolve()));
      await probeOnce(db, both, () => day);
      const row = await read();
      expect(row).toMatchObject({ okCount: 1, failCount: 1, lastOk: false });
      expect(row!.lastDetail).toMatch(new RegExp(`^port ${tlsPort}: `));
    } finally {
      tlsGreeter.close();
    }
  });

  it("records each target's result for today", async () => {
    const db = await testDb();
    const at = new Date("2207-01-01T00:00:00Z");
    await probeOnce(db, [{ service: "pop3", host: "127.0.0.1", port: portOf(greeter), greeting: GREETINGS.pop3 }], () => at);
    const row = await db.serviceProbeDay.findUnique({ where: { service_day: { service: "pop3", day: "2207-01-01" } } });
    expect(row).toMatchObject({ okCount: 1, failCount: 0, lastOk: true, lastDetail: "+OK POP3 ready" });
  });
});
