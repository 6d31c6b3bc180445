import { dkimSign } from "mailauth/lib/dkim/sign.js";
import type { DkimSigningKey } from "./dkim-keys.ts";

// The fields whose change would alter what a reader sees or how the message threads. Only those
// present are signed (mailauth lists each occurrence).
const SIGNED_FIELDS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"];

// mailauth's declarations do not match its signer (4.13): it reads d=, s= and the key only from
// `signatureData`, and `headerList` only as a colon-separated string (an array silently falls back
// to its default list). Its errors are records with the error in `err`, not Errors.
type SignerOptions = {
  headerList: string;
  signatureData: Array<{ signingDomain: string; selector: string; privateKey: string; algorithm: "rsa-sha256"; canonicalization: "relaxed/relaxed" }>;
};
type SignerResult = { signatures: string; errors: Array<{ err?: unknown }> };
const signWithMailauth = dkimSign as unknown as (input: Buffer, options: SignerOptions) => Promise<SignerResult>;

/**
 * The message with a DKIM-Signature field (rsa-sha256, relaxed/relaxed, d= the key's domain)
 * prepended. Throws when mailauth could not sign it: mail is never sent unsigned by accident.
 */
export async function signDkim(raw: Buffer, key: DkimSigningKey): Promise<Buffer> {
  const result = await signWithMailauth(raw, {
    headerList: SIGNED_FIELDS.join(":"),
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKeyPem, algorithm: "rsa-sha256", canonicalization: "relaxed/relaxed" }],
  });
  if (result.errors.length > 0) {
    const reasons = result.errors.map((entry) => (entry.err instanceof Error ? entry.err.message : String(entry.err)));
    throw new Error(`DKIM signing failed for d=${key.domain} s=${key.selector}: ${reasons.join("; ")}`);
  }
  // A message without a header section is passed through with no signature and no error.
  if (!/^DKIM-Signature:/i.test(result.signatures)) {
    throw new Error(`DKIM signing failed for d=${key.domain} s=${key.selector}: mailauth produced no signature (no header section?)`);
  }
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}
