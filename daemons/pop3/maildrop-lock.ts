import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { refreshPop3Lock, releasePop3Lock, takePop3Lock } from "../../lib/store/pop3-lock.ts";
import type { Pop3Deps } from "./session.ts";

/** A held maildrop lock (lib/store/pop3-lock.ts) with its heartbeat running. */
export type MaildropLock = {
  /** False once a heartbeat found the lock taken over (this process stalled past the stale time). */
  isHeld(): boolean;
  /** Renews the heartbeat now and says whether the lock is still ours: checked before QUIT deletes anything. */
  confirm(): Promise<boolean>;
  /** Stops the heartbeat and removes the row. */
  release(): Promise<void>;
};

/** Takes the mailbox's POP3 lock for this session; null when another live session has it (IN-USE). */
export async function takeMaildropLock(deps: Pop3Deps, mailboxId: string): Promise<MaildropLock | null> {
  const { db } = deps.store;
  // Unique per session, and says where the session runs, for whoever looks at a stuck lock.
  const holder = `${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
  if (!(await takePop3Lock(db, { mailboxId, holder, staleMs: deps.timeouts.lockStaleMs }))) return null;
  let isHeld = true;
  const confirm = async () => {
    if (isHeld) isHeld = await refreshPop3Lock(db, { mailboxId, holder });
    return isHeld;
  };
  const heartbeat = setInterval(() => {
    confirm().catch((error: unknown) => console.error("pop3: lock heartbeat failed:", error));
  }, deps.timeouts.lockHeartbeatMs);
  heartbeat.unref();
  return {
    isHeld: () => isHeld,
    confirm,
    async release() {
      clearInterval(heartbeat);
      if (!isHeld) return;
      isHeld = false;
      await releasePop3Lock(db, { mailboxId, holder });
    },
  };
}
