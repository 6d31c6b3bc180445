import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { orNull, toBool, toDate } from "../db-row.ts";
import { toPrincipal } from "./load-principal.ts";
import type { Principal } from "./principal.ts";

/** What a web session's signed cookie says: which mailbox, which sign-in, and when it happened. */
export type WebSession = { mailboxId: string; sessionId: string; signedInAt: number };

/**
 * The Principal of a web session, or null when the session is over: it signed out (its id is in
 * EndedSession), or it began before the mailbox's sessions were ended (suspension, disabling,
 * deletion, a password reset), or the mailbox cannot sign in now. Every request pays this, so it
 * is one indexed query on the process's read connection (Prisma's include would be three).
 */
export async function loadSessionPrincipal(db: Db, session: WebSession): Promise<Principal | null> {
  const [row] = await readerFor(db).query<Record<string, unknown>>(
    `SELECT m."id", m."accountId", m."localPart", m."displayName", CAST(m."accessLevel" AS TEXT) AS "accessLevel", CAST(m."role" AS TEXT) AS "role",
            m."isDisabled", m."deletedAt", m."sessionsValidFrom", d."name" AS "domainName", a."suspendedAt", e."id" AS "endedId"
     FROM "Mailbox" m JOIN "Domain" d ON d."id" = m."domainId" JOIN "Account" a ON a."id" = m."accountId"
     LEFT JOIN "EndedSession" e ON e."id" = ?
     WHERE m."id" = ?`,
    [session.sessionId, session.mailboxId],
  );
  if (!row || row.endedId !== null || toBool(row.isDisabled) || row.deletedAt !== null || row.suspendedAt !== null) return null;
  const validFrom = orNull(toDate, row.sessionsValidFrom);
  if (validFrom && session.signedInAt < validFrom.getTime()) return null;
  return toPrincipal({
    id: String(row.id),
    accountId: String(row.accountId),
    localPart: String(row.localPart),
    displayName: String(row.displayName),
    domain: { name: String(row.domainName) },
    accessLevel: row.accessLevel as Principal["accessLevel"],
    role: (row.role ?? null) as Principal["role"],
  });
}
