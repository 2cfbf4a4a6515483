/**
 * `run` over `items` with at most `concurrency` in flight, started in item order; the results in item
 * order, whatever order they finish in.
 *
 * - After a failure no further item starts; the items in flight are awaited (a checkpointed cell that
 *   finishes is still saved), then the earliest item's failure is thrown. Every item before a started
 *   one has started too, so that is the failure a one-at-a-time run would have stopped at.
 * - With `concurrency` 1 the items run one after the other, as a plain loop would.
 */
export async function mapInOrder<Item, Result>(items: ReadonlyArray<Item>, concurrency: number, run: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  const failure: { at: number; error: unknown } = { at: Number.POSITIVE_INFINITY, error: undefined };
  const lane = async (): Promise<void> => {
    while (failure.at === Number.POSITIVE_INFINITY && next < items.length) {
      const at = next;
      next += 1;
      try {
        results[at] = await run(items[at]);
      } catch (error) {
        if (at < failure.at) Object.assign(failure, { at, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure.at !== Number.POSITIVE_INFINITY) throw failure.error;
  return results;
}
