/** What a group commit answers for one of its items. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type GroupLimits = { maxItems: number; maxWeight: number };

/**
 * Turns a function that commits a group of items in one transaction into one that takes a single
 * item: items submitted while a commit runs wait and go together in the next one. Under load each
 * commit (its fsync, its round trips) is shared by many items; alone, an item is committed at once,
 * with no waiting for company. `commit` answers every item; a throw fails the whole group.
 */
export function groupCommitter<I, O>(commit: (items: I[]) => Promise<Settled<O>[]>, weigh: (item: I) => number, limits: GroupLimits): (item: I) => Promise<O> {
  type Pending = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };
  const queue: Pending[] = [];
  let draining = false;

  const takeGroup = (): Pending[] => {
    let weight = 0;
    let count = 0;
    while (count < queue.length && count < limits.maxItems) {
      weight += weigh(queue[count]!.item);
      if (count > 0 && weight > limits.maxWeight) break;
      count += 1;
    }
    return queue.splice(0, count);
  };

  const drain = async () => {
    draining = true;
    while (queue.length > 0) {
      // Let finished I/O (other items' blob writes) queue up first: a commit that blocked the
      // thread (SQLite's fsync) would otherwise be followed by a group of one, over and over.
      await new Promise((resolve) => setImmediate(resolve));
      const group = takeGroup();
      try {
        const outcomes = await commit(group.map((pending) => pending.item));
        group.forEach((pending, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) pending.resolve(outcome.value);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    draining = false;
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!draining) void drain();
    });
}
