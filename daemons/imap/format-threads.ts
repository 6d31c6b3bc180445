// The THREAD response (RFC 5256 §5):
//   thread-data    = "THREAD" [SP 1*thread-list]
//   thread-list    = "(" (thread-members / thread-nested) ")"
//   thread-members = nz-number *(SP nz-number) [SP thread-nested]
//   thread-nested  = 2*thread-list
// A chain of only children is written flat, "(1 2 3)"; two or more children each get a list,
// "(3 (4)(5))"; a dummy parent has no number, "((1)(2))".
import type { ThreadNode } from "../../lib/store/thread-messages.ts";

/**
 * `thread-data` for these threads, each message written as `numberOf(uid)` (its sequence number,
 * or the UID itself for UID THREAD). Dummies below the top level are skipped over, their children
 * taking their place; a dummy at the top with one message under it is that message's thread.
 */
export function formatThreads(threads: readonly ThreadNode[], numberOf: (uid: number) => number): string {
  const lists = threads.filter((thread) => thread.uid !== null || messageChildren(thread).length > 0).map((thread) => formatThreadList(thread, numberOf));
  return lists.length === 0 ? "THREAD" : `THREAD ${lists.join("")}`;
}

/** One thread-list; iterative, so that a chain of thousands of replies cannot exhaust the stack. */
function formatThreadList(thread: ThreadNode, numberOf: (uid: number) => number): string {
  let text = "";
  const pending: (ThreadNode | ")")[] = [thread];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (item === ")") {
      text += ")";
      continue;
    }
    const numbers: number[] = [];
    if (item.uid !== null) numbers.push(numberOf(item.uid));
    let children = messageChildren(item);
    while (children.length === 1) {
      const [only] = children;
      numbers.push(numberOf(only!.uid!));
      children = messageChildren(only!);
    }
    text += `(${numbers.join(" ")}${numbers.length > 0 && children.length > 0 ? " " : ""}`;
    pending.push(")");
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return text;
}

/** The children that are messages, a dummy child replaced by its own. */
function messageChildren(node: ThreadNode): ThreadNode[] {
  const children: ThreadNode[] = [];
  const unseen = [...node.children].reverse();
  while (unseen.length > 0) {
    const child = unseen.pop()!;
    if (child.uid !== null) children.push(child);
    else for (let i = child.children.length - 1; i >= 0; i--) unseen.push(child.children[i]!);
  }
  return children;
}
