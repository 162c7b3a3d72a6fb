/**
 * Renders the whole message catalogue with stand-in parameters, for the tests that check every
 * sentence the bot can say (citations) and every refusal it can give (refusal codes).
 */

/**
 * A stand-in for any parameter: prints as "X" (or 1 as a number), is truthy, iterates once, and
 * answers any method with another stand-in, so a message function renders one of its branches.
 */
export function anyValue(): unknown {
  const target = () => {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? 1 : 'X');
      if (prop === Symbol.iterator)
        return function* () {
          yield anyValue();
        };
      if (prop === 'then') return undefined;
      if (prop === 'length') return 1;
      if (prop === 'map' || prop === 'flatMap') {
        return (fn: (v: unknown, i: number) => unknown) => [fn(anyValue(), 0)].flat();
      }
      if (prop === 'join') return () => 'X';
      if (prop === 'toString') return () => 'X';
      return anyValue();
    },
    apply() {
      return anyValue();
    },
  });
}

export interface Rendered {
  /** Every text: plain entries, and the words of refusals. */
  readonly texts: { path: string; text: string }[];
  /** Entries that render a refusal (`refusal(code, …)`), with the code they carry. */
  readonly refusals: { path: string; code: unknown; text: string }[];
  /** Entries that threw on stand-in parameters. */
  readonly failures: string[];
}

const isRefusalShape = (value: unknown): value is { code: unknown; reply: { text?: unknown; markdown?: unknown } } =>
  typeof value === 'object' && value !== null && 'code' in value && 'reply' in value;

export function renderCatalogue(catalogue: unknown, root: string): Rendered {
  const out: Rendered = { texts: [], refusals: [], failures: [] };
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      out.texts.push({ path, text: node });
    } else if (typeof node === 'function') {
      try {
        const result = (node as (...args: unknown[]) => unknown)(anyValue(), anyValue());
        if (typeof result === 'string') out.texts.push({ path, text: result });
        else if (isRefusalShape(result)) {
          const text = String(result.reply.text ?? result.reply.markdown ?? '');
          out.texts.push({ path, text });
          out.refusals.push({ path, code: result.code, text });
        }
      } catch {
        out.failures.push(path);
      }
    } else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
    }
  };
  walk(catalogue, root);
  return out;
}
