import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";
import { AppError } from "../errors.ts";
import type { Config } from "../env.ts";

export type TlsFiles = { certPath: string; keyPath: string; isSelfSigned: boolean };

/**
 * The certificate every TLS listener uses: TLS_CERT_PATH/TLS_KEY_PATH when set, else a self-signed
 * certificate for the public host name, generated once into DATA_DIR/tls.
 */
export async function ensureTlsCertificate(config: Pick<Config, "tls" | "dataDir" | "publicHostname">): Promise<TlsFiles> {
  if (config.tls) {
    for (const [name, file] of [["TLS_CERT_PATH", config.tls.certPath], ["TLS_KEY_PATH", config.tls.keyPath]]) {
      if (!existsSync(file)) throw new AppError("CONFIG_INVALID", `${name} points to ${file}, which does not exist.`);
    }
    return { ...config.tls, isSelfSigned: false };
  }
  const dir = path.resolve(config.dataDir, "tls");
  const certPath = path.join(dir, "cert.pem");
  const keyPath = path.join(dir, "key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) return { certPath, keyPath, isSelfSigned: true };

  mkdirSync(dir, { recursive: true });
  const notAfterDate = new Date(Date.now() + 825 * 86_400_000); // the longest validity clients accept
  const pems = await generate([{ name: "commonName", value: config.publicHostname }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: config.publicHostname }, { type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  // Write to temporary names and rename, so a crash never leaves a key without its certificate.
  writeFileSync(`${keyPath}.tmp`, pems.private, { mode: 0o600 });
  writeFileSync(`${certPath}.tmp`, pems.cert);
  renameSync(`${keyPath}.tmp`, keyPath);
  renameSync(`${certPath}.tmp`, certPath);
  return { certPath, keyPath, isSelfSigned: true };
}

export function readTlsFiles(files: TlsFiles): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(files.certPath), key: readFileSync(files.keyPath) };
}
