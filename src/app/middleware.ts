import { CodedError } from './errors.ts';

export type Next = () => Promise<void>;
export type Middleware<A> = (args: A, next: Next) => Promise<void>;

/** Runs middleware in order; a second next() from the same middleware is a bug and throws. */
export async function runChain<A>(
  chain: readonly Middleware<A>[],
  args: A,
  last: (args: A) => Promise<void>,
): Promise<void> {
  const step = async (index: number): Promise<void> => {
    const middleware = chain[index];
    if (middleware === undefined) return last(args);
    let called = false;
    await middleware(args, async () => {
      if (called) throw new CodedError('second-next', `middleware #${index} called next() twice`);
      called = true;
      await step(index + 1);
    });
  };
  await step(0);
}
