import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/lib/group-commit.ts';

/** A commit that records each batch it was given and can be held open or made to refuse an item. */
function store(options: { refuse?: string } = {}) {
  const batches: string[][] = [];
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  return {
    batches,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release: () => release?.(),
    async commit(items: string[]): Promise<string[]> {
      batches.push(items);
      await held;
      held = undefined;
      if (options.refuse !== undefined && items.includes(options.refuse)) throw new Error(`refused ${options.refuse}`);
      return items.map((item) => item.toUpperCase());
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits what is handed in together in one batch, each getting its own result', async () => {
    const s = store();
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 10, maxWaitMs: 0 });
    expect(await Promise.all(['a', 'b', 'c'].map((item) => group.add(item)))).toEqual(['A', 'B', 'C']);
    expect(s.batches).toEqual([['a', 'b', 'c']]);
  });

  it('gathers what arrives during a commit into the next one', async () => {
    const s = store();
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 10, maxWaitMs: 0 });
    s.hold();
    const first = group.add('a');
    await tick();
    const later = ['b', 'c', 'd'].map((item) => group.add(item));
    await tick();
    expect(s.batches).toEqual([['a']]);
    s.release();
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C', 'D']);
    expect(s.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never puts more than maxBatch items in one commit', async () => {
    const s = store();
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 2, maxWaitMs: 0 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => group.add(item)));
    expect(s.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('waits up to maxWaitMs for company when nothing is being committed', async () => {
    const s = store();
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 10, maxWaitMs: 50 });
    const first = group.add('a');
    await new Promise((resolve) => setTimeout(resolve, 1));
    const second = group.add('b');
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
    expect(s.batches).toEqual([['a', 'b']]);
  });

  it('commits a failed batch again item by item, so only the item the store refuses fails', async () => {
    const s = store({ refuse: 'b' });
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 10, maxWaitMs: 0 });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => group.add(item)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'A',
      'refused b',
      'C',
    ]);
    expect(s.batches).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  it('fails a lone item the store refuses', async () => {
    const s = store({ refuse: 'a' });
    const group = new GroupCommit((items: string[]) => s.commit(items), { maxBatch: 10, maxWaitMs: 0 });
    await expect(group.add('a')).rejects.toThrow('refused a');
    expect(await group.add('b')).toBe('B');
  });
});
