import { describe, it, expect } from 'vitest';
import { runChain, type Middleware } from '../../../src/app/middleware.ts';
import { CodedError } from '../../../src/app/errors.ts';

type Args = { log: string[] };

const tracer =
  (name: string): Middleware<Args> =>
  async (args, next) => {
    args.log.push(`${name}>`);
    await next();
    args.log.push(`<${name}`);
  };

const finalHandler = async (args: Args) => {
  args.log.push('handler');
};

describe('runChain', () => {
  it('runs middleware in order around the final handler', async () => {
    const args: Args = { log: [] };
    await runChain([tracer('a'), tracer('b'), tracer('c')], args, finalHandler);
    expect(args.log).toEqual(['a>', 'b>', 'c>', 'handler', '<c', '<b', '<a']);
  });

  it('with no middleware calls the final handler once with the same args', async () => {
    const args: Args = { log: [] };
    let received: Args | undefined;
    await runChain([], args, async (a) => {
      received = a;
      a.log.push('handler');
    });
    expect(received).toBe(args);
    expect(args.log).toEqual(['handler']);
  });

  it('waits for asynchronous middleware before running the next one', async () => {
    const args: Args = { log: [] };
    const slow: Middleware<Args> = async (a, next) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      a.log.push('slow');
      await next();
    };
    await runChain([slow, tracer('b')], args, finalHandler);
    expect(args.log).toEqual(['slow', 'b>', 'handler', '<b']);
  });

  it('a middleware that does not call next stops the chain', async () => {
    const args: Args = { log: [] };
    const stop: Middleware<Args> = async (a) => {
      a.log.push('stop');
    };
    await runChain([tracer('a'), stop, tracer('c')], args, finalHandler);
    expect(args.log).toEqual(['a>', 'stop', '<a']);
  });

  it('calling next twice throws CodedError second-next and runs the rest only once', async () => {
    const args: Args = { log: [] };
    const twice: Middleware<Args> = async (_a, next) => {
      await next();
      await next();
    };
    const error = await runChain([tracer('a'), twice, tracer('c')], args, finalHandler).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('second-next');
    expect(args.log.filter((l) => l === 'handler')).toHaveLength(1);
    expect(args.log.filter((l) => l === 'c>')).toHaveLength(1);
    // The outer middleware sees the error: it never reaches its after-part.
    expect(args.log).not.toContain('<a');
  });

  it('calling next twice without awaiting the first also throws second-next', async () => {
    const args: Args = { log: [] };
    const eager: Middleware<Args> = async (_a, next) => {
      const first = next();
      await next().finally(() => first);
    };
    await expect(runChain([eager], args, finalHandler)).rejects.toMatchObject({
      name: 'CodedError',
      code: 'second-next',
    });
    expect(args.log).toEqual(['handler']);
  });

  it('an error in the final handler propagates through every middleware', async () => {
    const args: Args = { log: [] };
    const boom = new Error('boom');
    await expect(
      runChain([tracer('a'), tracer('b')], args, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(args.log).toEqual(['a>', 'b>']);
  });

  it('an error thrown by a middleware propagates and skips the rest', async () => {
    const args: Args = { log: [] };
    const boom = new Error('denied');
    const failing: Middleware<Args> = async () => {
      throw boom;
    };
    await expect(runChain([tracer('a'), failing, tracer('c')], args, finalHandler)).rejects.toBe(boom);
    expect(args.log).toEqual(['a>']);
  });

  it('an outer middleware can catch an error from downstream', async () => {
    const args: Args = { log: [] };
    const boundary: Middleware<Args> = async (a, next) => {
      try {
        await next();
      } catch (error) {
        a.log.push(`caught ${(error as Error).message}`);
      }
    };
    await runChain([boundary, tracer('b')], args, async () => {
      throw new Error('late');
    });
    expect(args.log).toEqual(['b>', 'caught late']);
  });

  it('the same chain can run again for another event', async () => {
    const chain = [tracer('a')];
    const first: Args = { log: [] };
    const second: Args = { log: [] };
    await runChain(chain, first, finalHandler);
    await runChain(chain, second, finalHandler);
    expect(second.log).toEqual(['a>', 'handler', '<a']);
  });
});
