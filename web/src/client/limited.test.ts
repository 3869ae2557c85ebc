import { describe, expect, it } from 'vitest';

import { forEachLimited } from './limited';

/** A task per item that finishes when the test says so, counting how many run at once. */
class Gate {
  running = 0;
  most = 0;
  readonly started: number[] = [];
  private readonly finish = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();

  task = (item: number): Promise<void> => {
    this.started.push(item);
    this.running++;
    this.most = Math.max(this.most, this.running);
    return new Promise<void>((resolve, reject) => {
      this.finish.set(item, { resolve, reject });
    }).finally(() => {
      this.running--;
    });
  };

  /** Lets `item` finish (with `err`: fail), then lets the helper start the next one. */
  async end(item: number, err?: unknown): Promise<void> {
    const f = this.finish.get(item);
    if (!f) throw new Error(`item ${item} has not started`);
    this.finish.delete(item);
    if (err === undefined) f.resolve();
    else f.reject(err);
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('forEachLimited', () => {
  it('runs at most `limit` tasks at once, starting them in order as others finish', async () => {
    const gate = new Gate();
    let done = false;
    const all = forEachLimited(range(10), 4, gate.task).then(() => {
      done = true;
    });
    await flush();
    expect(gate.started).toEqual([0, 1, 2, 3]);
    await gate.end(2);
    expect(gate.started).toEqual([0, 1, 2, 3, 4]);
    await gate.end(0);
    await gate.end(1);
    expect(gate.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const item of [3, 4, 5, 6, 7, 8]) await gate.end(item);
    expect(done).toBe(false);
    await gate.end(9);
    await all;
    expect(done).toBe(true);
    expect(gate.started).toEqual(range(10));
    expect(gate.most).toBe(4);
  });

  it('runs every item even when one fails, then rejects with the first failure', async () => {
    const gate = new Gate();
    let outcome: unknown = 'pending';
    const all = forEachLimited(range(6), 2, gate.task).then(
      () => (outcome = 'resolved'),
      (err: unknown) => (outcome = err),
    );
    await flush();
    await gate.end(1, new Error('first'));
    await gate.end(0, new Error('second'));
    expect(outcome).toBe('pending');
    for (const item of [2, 3, 4, 5]) await gate.end(item);
    await all;
    expect(gate.started).toEqual(range(6));
    expect((outcome as Error).message).toBe('first');
    expect(gate.most).toBe(2);
  });

  it('handles fewer items than the limit, none, and a limit below one', async () => {
    const gate = new Gate();
    const two = forEachLimited([7, 8], 4, gate.task);
    await flush();
    expect(gate.started).toEqual([7, 8]);
    await gate.end(7);
    await gate.end(8);
    await two;
    await expect(forEachLimited([], 4, gate.task)).resolves.toBeUndefined();

    const one = new Gate();
    const serial = forEachLimited([1, 2, 3], 0, one.task);
    await flush();
    expect(one.started).toEqual([1]);
    for (const item of [1, 2, 3]) await one.end(item);
    await serial;
    expect(one.most).toBe(1);
  });

  it('passes each item its index, and a task that throws at once counts as a failure', async () => {
    const seen: string[] = [];
    const result = forEachLimited(['a', 'b', 'c'], 2, async (item, index) => {
      seen.push(`${index}:${item}`);
      if (item === 'b') throw new Error('b failed');
    });
    await expect(result).rejects.toThrow('b failed');
    expect(seen).toEqual(['0:a', '1:b', '2:c']);
  });
});
