import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { createServer, connect } from "node:tls";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureAuthSecret } from "./ensure-auth-secret.ts";
import { ensureTlsCertificate, readTlsFiles } from "./ensure-tls-certificate.ts";

const freshDir = () => mkdtempSync(path.join(tmpdir(), "mailwright-runtime-"));

describe("generated runtime files", () => {
  it("generates AUTH_SECRET once, private, and reuses it", () => {
    const dataDir = freshDir();
    const first = ensureAuthSecret({ dataDir, authSecret: undefined });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dataDir, "auth-secret")).mode & 0o077).toBe(0);
    expect(ensureAuthSecret({ dataDir, authSecret: undefined })).toBe(first);
    expect(ensureAuthSecret({ dataDir, authSecret: "x".repeat(40) })).toBe("x".repeat(40));
  });

  it("generates a self-signed certificate for the host name once, and a TLS server can use it", async () => {
    const dataDir = freshDir();
    const files = await ensureTlsCertificate({ dataDir, publicHostname: "mail.example.test", tls: undefined });
    const cert = new X509Certificate(readFileSync(files.certPath));
    expect(cert.subject).toContain("CN=mail.example.test");
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(statSync(files.keyPath).mode & 0o077).toBe(0);
    const again = await ensureTlsCertificate({ dataDir, publicHostname: "mail.example.test", tls: undefined });
    expect(readFileSync(again.certPath, "utf8")).toBe(readFileSync(files.certPath, "utf8"));

    const server = createServer(readTlsFiles(files), (socket) => socket.end("hello over TLS"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: "127.0.0.1", servername: "localhost", ca: readFileSync(files.certPath) }, () => {
        let text = "";
        socket.on("data", (chunk) => (text += chunk)).on("end", () => resolve(text));
      });
      socket.on("error", reject);
    });
    server.close();
    expect(received).toBe("hello over TLS");
  });

  it("refuses configured TLS paths that do not exist, naming the variable", async () => {
    await expect(ensureTlsCertificate({ dataDir: freshDir(), publicHostname: "localhost", tls: { certPath: "/nope/cert.pem", keyPath: "/nope/key.pem" } })).rejects.toThrow(
      /TLS_CERT_PATH points to \/nope\/cert.pem/,
    );
  });
});
