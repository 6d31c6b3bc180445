import type { Db } from "../db.ts";

/**
 * Records a signed-out session so its cookie is refused even if a response still in flight hands
 * the browser a renewed copy. Rows are kept until the session would have expired anyway; expired
 * ones are cleared here, so the table holds about a session lifetime of sign-outs.
 */
export async function endWebSession(db: Db, input: { sessionId: string; expiresAt: Date; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction([
    db.endedSession.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.endedSession.upsert({ where: { id: input.sessionId }, create: { id: input.sessionId, expiresAt: input.expiresAt }, update: {} }),
  ]);
}
