// IMAP THREAD (RFC 5256 §4): the ORDEREDSUBJECT and REFERENCES algorithms over the header values the
// store keeps, as a pure function. lib/store/thread-messages-in-folder.ts loads those values.

export type ThreadAlgorithm = "ORDEREDSUBJECT" | "REFERENCES";

/** What threading reads of one message. */
export type ThreadMessage = {
  uid: number;
  /** The Message-ID, "<...>" as lib/mime/parse-message.ts keeps it; normalized here (RFC 5256 §4). */
  messageId: string | null;
  /** The first msg-id of In-Reply-To. */
  inReplyTo: string | null;
  /** The msg-ids of References, oldest first. */
  references: string[];
  /** RFC 5256 §2.1 base subject; compared case-insensitively here. */
  baseSubject: string;
  /** RFC 5256 §4: subject extraction removed a subj-refwd ("Re:", "Fwd:"), a "(fwd)" trailer or a "[fwd: ...]" wrapper. */
  isReply: boolean;
  /** From the Date header; null when it is missing or cannot be read (internalDate stands in: RFC 5256 §2.2). */
  sentDate: Date | null;
  internalDate: Date;
};

/** A thread and its replies. A dummy (uid null) stands for a message that is referenced but not here. */
export type ThreadNode = { uid: number | null; children: ThreadNode[] };

/** REFERENCES' working tree: a message, or a dummy for a Message ID no searched message has. */
type Container = { message: ThreadMessage | null; parent: Container | null; children: Container[] };

/**
 * The threads of `messages` (the searched ones), in order, as RFC 5256 §4 defines them. Only the
 * top level holds dummies, each with two or more children. Messages in UID order are the RFC's
 * "sequence order": it breaks ties between equal sent dates.
 */
export function buildThreads(messages: readonly ThreadMessage[], algorithm: ThreadAlgorithm): ThreadNode[] {
  const inSequence = [...messages].sort((a, b) => a.uid - b.uid);
  return algorithm === "ORDEREDSUBJECT" ? threadByOrderedSubject(inSequence) : threadByReferences(inSequence);
}

// ---------------------------------------------------------------------------------------------
// ORDEREDSUBJECT

/**
 * RFC 5256 §4 ORDEREDSUBJECT: messages grouped by base subject (an empty one is a subject too), each
 * group in sent-date order; the first message is the thread's root, the others its children (there
 * are no grandchildren); threads ordered by the sent date of their first message.
 */
function threadByOrderedSubject(messages: readonly ThreadMessage[]): ThreadNode[] {
  const bySubject = new Map<string, ThreadMessage[]>();
  for (const message of messages) {
    const key = subjectKey(message.baseSubject);
    const group = bySubject.get(key);
    if (group) group.push(message);
    else bySubject.set(key, [message]);
  }
  const groups = [...bySubject.values()].map((group) => group.sort(compareSentDates));
  groups.sort((a, b) => compareSentDates(a[0]!, b[0]!));
  return groups.map(([first, ...rest]) => ({ uid: first!.uid, children: rest.map((message) => ({ uid: message.uid, children: [] })) }));
}

// ---------------------------------------------------------------------------------------------
// REFERENCES

/** RFC 5256 §4 REFERENCES, its six steps in order. */
function threadByReferences(messages: readonly ThreadMessage[]): ThreadNode[] {
  const containers = linkByReferences(messages);
  const roots = pruneDummies(collectRoots(containers));
  sortRoots(roots);
  const merged = mergeBySubject(roots);
  sortSiblings(merged);
  return merged.map(toThreadNode);
}

/**
 * Step (1): a container per message and per referenced Message ID, linked parent to child along
 * each message's references (1.A), then the message under its last reference (1.B).
 */
function linkByReferences(messages: readonly ThreadMessage[]): Container[] {
  const containers: Container[] = [];
  const byId = new Map<string, Container>();
  const own: Container[] = [];
  // A Message ID belongs to the first message (lowest sequence number) that has it; a message with
  // none, or with a duplicate, gets no id: a unique one that nothing can reference (1.A).
  for (const message of messages) {
    const container: Container = { message, parent: null, children: [] };
    containers.push(container);
    own.push(container);
    const id = normalizeMessageId(message.messageId);
    if (id !== null && !byId.has(id)) byId.set(id, container);
  }
  const containerOf = (id: string) => {
    let container = byId.get(id);
    if (!container) {
      // 1.A: a dummy for an id no message has, used for all later references to it
      container = { message: null, parent: null, children: [] };
      byId.set(id, container);
      containers.push(container);
    }
    return container;
  };
  for (const [i, message] of messages.entries()) {
    let previous: Container | null = null;
    for (const id of referencesOf(message)) {
      const container = containerOf(id);
      // 1.A: an existing link stays (References may have been truncated by a MUA); no loops
      if (previous && !container.parent && !wouldLoop(previous, container)) link(previous, container);
      previous = container;
    }
    // 1.B: the last reference is the parent, replacing a link 1.A made; none (or a loop) leaves no parent
    const current = own[i]!;
    if (current.parent) unlink(current);
    if (previous && !wouldLoop(previous, current)) link(previous, current);
  }
  return containers;
}

/**
 * RFC 5256 §4: the References msg-ids when there is a valid one, else the first valid msg-id of
 * In-Reply-To, else none.
 */
function referencesOf(message: ThreadMessage): string[] {
  const references = message.references.map(normalizeMessageId).filter((id): id is string => id !== null);
  if (references.length > 0) return references;
  const inReplyTo = normalizeMessageId(message.inReplyTo);
  return inReplyTo === null ? [] : [inReplyTo];
}

/**
 * RFC 5256 §4: Message IDs compare case-sensitively in a normalized form, so that
 * <"01KF8JCEOCBS0045PS"@xxx.yyy.com> and <01KF8JCEOCBS0045PS@xxx.yyy.com> are one. Without an "@"
 * between a left and a right part it is no msg-id (RFC 5322 §3.6.4), and null.
 */
export function normalizeMessageId(id: string | null): string | null {
  if (!id) return null;
  const text = id.replace(/^</, "").replace(/>$/, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  let left = text.slice(0, at);
  if (/^"(?:[^"\\]|\\.)*"$/.test(left)) left = left.slice(1, -1).replace(/\\(.)/g, "$1");
  return `${left}@${text.slice(at + 1)}`;
}

/** True when making `parent` the parent of `child` would close a loop: `child` is `parent` or one of its ancestors. */
function wouldLoop(parent: Container, child: Container): boolean {
  if (parent === child) return true;
  // a container without children is nobody's ancestor: the common case costs no walk
  if (child.children.length === 0) return false;
  for (let ancestor = parent.parent; ancestor; ancestor = ancestor.parent) {
    if (ancestor === child) return true;
  }
  return false;
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.push(child);
}

function unlink(child: Container): void {
  const siblings = child.parent!.children;
  siblings.splice(siblings.indexOf(child), 1);
  child.parent = null;
}

/** Step (2): the containers without a parent are the heads of the threads found so far. */
function collectRoots(containers: readonly Container[]): Container[] {
  return containers.filter((container) => container.parent === null);
}

/**
 * Step (3): dummies go. A dummy's children take its place among its siblings; at the top level
 * only when it has exactly one (a top-level dummy with several children stays, holding them
 * together), and one without children simply disappears.
 */
function pruneDummies(roots: readonly Container[]): Container[] {
  const kept: Container[] = [];
  for (const root of roots) {
    spliceNestedDummies(root);
    if (root.message) kept.push(root);
    else if (root.children.length === 1) kept.push(detach(root.children[0]!));
    else if (root.children.length > 1) kept.push(root);
  }
  return kept;
}

/** Below the top level every dummy is replaced by its children, whatever their number (step 3). */
function spliceNestedDummies(root: Container): void {
  const pending = [root];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const children: Container[] = [];
    const unseen = [...container.children];
    while (unseen.length > 0) {
      const child = unseen.pop()!;
      if (child.message) children.push(child);
      else for (const grandchild of child.children) unseen.push(grandchild);
    }
    container.children = children;
    for (const child of children) {
      child.parent = container;
      pending.push(child);
    }
  }
}

function detach(container: Container): Container {
  container.parent = null;
  return container;
}

/**
 * Step (4): the threads by sent date; a dummy sorts by its first child in sent-date order.
 * (Its children are sorted as step 4 says; step 6 sorts them again with everything else.)
 */
function sortRoots(roots: Container[]): void {
  for (const root of roots) if (!root.message) sortContainers(root.children);
  sortContainers(roots);
}

/**
 * Step (5): threads whose base subjects match are gathered. 5.B picks one thread per subject for
 * the subject table: the first dummy, else the first that is not a reply, else the first; 5.C
 * merges every other thread of that subject into it. Returns the new top level.
 */
function mergeBySubject(roots: readonly Container[]): Container[] {
  const subjectOf = (root: Container) => subjectKey(threadMessage(root).baseSubject);
  // 5.B
  const table = new Map<string, Container>();
  for (const root of roots) {
    const subject = subjectOf(root);
    if (subject === "") continue;
    const listed = table.get(subject);
    if (!listed) table.set(subject, root);
    else if (listed.message && (!root.message || (listed.message.isReply && !root.message.isReply))) table.set(subject, root);
  }
  // 5.C
  const merged = new Set<Container>();
  const added: Container[] = [];
  for (const current of roots) {
    const subject = subjectOf(current);
    if (subject === "" || merged.has(current)) continue;
    const listed = table.get(subject)!;
    if (listed === current) continue;
    merged.add(current);
    if (!listed.message && !current.message) {
      // both dummies: the current one's children join the listed one's
      for (const child of current.children) link(listed, child);
      current.children = [];
    } else if (!listed.message || (current.message?.isReply === true && !listed.message.isReply)) {
      // into the listed dummy, or a reply under the original it answers
      link(listed, current);
    } else {
      // neither contains the other: a new dummy holds both, and stands for the subject from now on
      const dummy: Container = { message: null, parent: null, children: [] };
      link(dummy, listed);
      link(dummy, current);
      merged.add(listed);
      added.push(dummy);
      table.set(subject, dummy);
    }
  }
  return [...roots.filter((root) => !merged.has(root)), ...added];
}

/**
 * Step (6): every set of siblings in sent-date order, the top level last, since a dummy there sorts
 * by its first child.
 */
function sortSiblings(roots: Container[]): void {
  const pending = [...roots];
  while (pending.length > 0) {
    const container = pending.pop()!;
    sortContainers(container.children);
    for (const child of container.children) pending.push(child);
  }
  sortContainers(roots);
}

function toThreadNode(root: Container): ThreadNode {
  const top: ThreadNode = { uid: root.message?.uid ?? null, children: [] };
  const pending: [Container, ThreadNode][] = [[root, top]];
  while (pending.length > 0) {
    const [container, node] = pending.pop()!;
    for (const child of container.children) {
      const childNode: ThreadNode = { uid: child.message!.uid, children: [] };
      node.children.push(childNode);
      pending.push([child, childNode]);
    }
  }
  return top;
}

// ---------------------------------------------------------------------------------------------
// Order and subjects

/** The message a container sorts and is named by: its own, or for a dummy its first child's (steps 4, 5.B.i, 6). */
function threadMessage(container: Container): ThreadMessage {
  if (container.message) return container.message;
  let first = container.children[0]!.message!;
  for (const child of container.children) if (compareSentDates(child.message!, first) < 0) first = child.message!;
  return first;
}

/** Sorts in place by each container's thread message, looked up once per container. */
function sortContainers(containers: Container[]): void {
  const keyed = containers.map((container) => ({ container, key: threadMessage(container) }));
  keyed.sort((a, b) => compareSentDates(a.key, b.key));
  for (const [i, { container }] of keyed.entries()) containers[i] = container;
}

/**
 * RFC 5256 §2.2: by sent date, the Date header's time in UTC or, without one, the internal date;
 * in whole seconds, the precision of both Date and INTERNALDATE; equal dates in sequence order.
 */
function compareSentDates(a: ThreadMessage, b: ThreadMessage): number {
  return sentSeconds(a) - sentSeconds(b) || a.uid - b.uid;
}

function sentSeconds(message: ThreadMessage): number {
  const sent = message.sentDate?.getTime();
  return Math.floor((sent === undefined || Number.isNaN(sent) ? message.internalDate.getTime() : sent) / 1000);
}

/** RFC 5256 §4 compares subjects with i;unicode-casemap (RFC 5051): case folded and decomposed. */
function subjectKey(baseSubject: string): string {
  return baseSubject.normalize("NFD").toLowerCase();
}
