// Bounded concurrency for work over many items (the sync of every chat after a reconnect): at
// most `limit` tasks in flight, started in the items' order, so that a user with hundreds of
// chats does not send hundreds of requests at once and the first items (the newest chats)
// finish first.

/**
 * Runs `task` for each item, starting them in order with at most `limit` running at once.
 * Every item runs even when another's task fails. Resolves once all have finished; rejects
 * with the first failure (in the order they failed) once all have finished.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T, index);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: items.length === 0 ? 0 : workers }, worker));
  if (failed) throw firstError;
}
