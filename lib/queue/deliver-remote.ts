import type SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import type { MailExchanger } from "./find-mail-exchangers.ts";
import type { SmtpConnectionPool } from "./smtp-connection-pool.ts";

/** What happened to one recipient in one attempt. */
export type RecipientOutcome = { address: string; result: "delivered" | "temporary" | "permanent"; reply: string; host: string };

type SmtpError = Error & { responseCode?: number; response?: string; recipient?: string; code?: string; host?: string; rejectedErrors?: SmtpError[] };

/**
 * One SMTP transaction to a destination: MAIL FROM, a RCPT TO per recipient, DATA, over a pooled
 * connection. Never throws: every recipient gets an outcome. A 2xx delivers; a 5xx refuses for
 * good (permanent); 4xx replies, lost connections and timeouts are temporary (RFC 5321 §4.2.1) and
 * the queue tries again later. Refusals of single recipients affect only them.
 */
export async function deliverRemote(pool: SmtpConnectionPool, domain: string, exchangers: readonly MailExchanger[], envelope: { from: string; to: readonly string[] }, raw: Buffer): Promise<RecipientOutcome[]> {
  let pooled;
  try {
    pooled = await pool.acquire(domain, exchangers);
  } catch (error) {
    const failure = error as SmtpError;
    return envelope.to.map((address) => ({ address, result: "temporary", reply: describe(failure), host: failure.host ?? "" }));
  }
  const host = pooled.host;
  try {
    const info = await send(pooled.connection, pooled.messagesSent > 0, { from: envelope.from, to: [...envelope.to], size: raw.length }, raw);
    const rejected = new Map((info.rejectedErrors ?? []).map((e) => [(e as SmtpError).recipient ?? "", e as SmtpError]));
    pool.release(domain, pooled, true);
    return envelope.to.map((address) => {
      const refusal = rejected.get(address);
      if (refusal) return { address, result: classify(refusal), reply: describe(refusal), host };
      return { address, result: "delivered", reply: oneLine(info.response), host };
    });
  } catch (error) {
    const failure = error as SmtpError;
    // A refusal of every recipient at RCPT: each has its own reply.
    const perRecipient = new Map((failure.rejectedErrors ?? []).map((e) => [e.recipient ?? "", e]));
    // After a protocol error the session state is unknown: start the next message on a fresh connection.
    pool.release(domain, pooled, failure.responseCode !== undefined && failure.code === "EENVELOPE");
    return envelope.to.map((address) => {
      const own = perRecipient.get(address) ?? failure;
      return { address, result: classify(own), reply: describe(own), host };
    });
  }
}

/** Sends over the connection, after RSET when it has carried a message before. */
function send(connection: SMTPConnection, isReused: boolean, envelope: SMTPConnection.Envelope, raw: Buffer): Promise<SMTPConnection.SentMessageInfo> {
  return new Promise((resolve, reject) => {
    const transaction = () => connection.send(envelope, raw, (error, info) => (error ? reject(error) : resolve(info)));
    if (!isReused) return transaction();
    connection.reset((error) => (error ? reject(error) : transaction()));
  });
}

function classify(error: SmtpError): "temporary" | "permanent" {
  return typeof error.responseCode === "number" && error.responseCode >= 500 && error.responseCode < 600 ? "permanent" : "temporary";
}

/** The remote's reply when there is one ("550 5.1.1 no such user"), else what went wrong locally. */
function describe(error: SmtpError): string {
  if (error.response) return oneLine(error.response);
  return oneLine(`${error.code ? `${error.code}: ` : ""}${error.message}`);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u0000-\u001f]+/g, " ").trim().slice(0, 900);
}
