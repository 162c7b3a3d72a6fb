import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GENESIS_HASH,
  auditHash,
  chainNext,
  verifyChain,
  type AuditFields,
  type ChainedAuditEvent,
} from '../../../../src/domain/audit/hash-chain.ts';

type Fields = Omit<AuditFields, 'seq'>;

function buildChain(fields: readonly Fields[]): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  for (const f of fields) events.push(chainNext(events.at(-1) ?? null, f));
  return events;
}

const sample = (i: number): Fields => ({
  at: `2026-03-0${(i % 9) + 1}T08:00:00.000Z`,
  actorId: `user-${i}`,
  action: i % 2 === 0 ? 'role.grant' : 'conversation.bind',
  recordType: 'User',
  recordId: `rec-${i}`,
  before: i === 0 ? null : JSON.stringify({ n: i - 1 }),
  after: JSON.stringify({ n: i }),
});

const fieldsArb: fc.Arbitrary<Fields> = fc.record({
  at: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  actorId: fc.string({ maxLength: 12 }),
  action: fc.constantFrom('role.grant', 'role.revoke', 'conversation.bind', 'project.report'),
  recordType: fc.string({ maxLength: 8 }),
  recordId: fc.string({ maxLength: 12 }),
  before: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  after: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
});

const chainArb = fc.array(fieldsArb, { minLength: 1, maxLength: 8 }).map(buildChain);

/** Content fields covered by the hash; changing any of them must break the event's own hash. */
const HASHED_FIELDS = ['at', 'actorId', 'action', 'recordType', 'recordId', 'before', 'after'] as const;
type HashedField = (typeof HASHED_FIELDS)[number];

/** A value different from the current one, so an "alteration" is never a no-op. */
function alter(value: string | null, variant: number, nullable: boolean): string | null {
  if (value === null) return variant % 2 === 0 ? '' : 'null';
  if (nullable && variant % 3 === 0) return null;
  if (variant % 3 === 1 && value.length > 0) return value.slice(1);
  return variant % 2 === 0 ? `${value}x` : `x${value}`;
}

describe('chainNext', () => {
  it('starts at seq 1 on the genesis link and links each event to the previous hash', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(chain[2]?.prevHash).toBe(chain[1]?.hash);
    for (const event of chain) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.hash).toBe(auditHash(event.prevHash, event));
    }
    expect(new Set(chain.map((e) => e.hash)).size).toBe(3);
  });

  it('the same fields after a different previous event hash differently', () => {
    const a = chainNext({ seq: 4, hash: 'a'.repeat(64) }, sample(1));
    const b = chainNext({ seq: 4, hash: 'b'.repeat(64) }, sample(1));
    expect(a.seq).toBe(5);
    expect(a.hash).not.toBe(b.hash);
  });

  it('is deterministic', () => {
    expect(buildChain([sample(0), sample(1)])).toEqual(buildChain([sample(0), sample(1)]));
  });

  it('distinguishes null from the string "null" and moves between adjacent fields', () => {
    const base = { ...sample(3), seq: 1 };
    expect(auditHash(GENESIS_HASH, { ...base, before: null })).not.toBe(
      auditHash(GENESIS_HASH, { ...base, before: 'null' }),
    );
    expect(auditHash(GENESIS_HASH, { ...base, recordType: 'ab', recordId: 'c' })).not.toBe(
      auditHash(GENESIS_HASH, { ...base, recordType: 'a', recordId: 'bc' }),
    );
  });
});

describe('verifyChain: intact chains', () => {
  it('an empty chain is ok with count 0', () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0, last: null });
  });

  it('an empty page keeps the start link', () => {
    expect(verifyChain([], { seq: 7, hash: 'c'.repeat(64) })).toEqual({
      ok: true,
      count: 0,
      last: { seq: 7, hash: 'c'.repeat(64) },
    });
  });

  it('a built chain verifies with its count and last link', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const last = chain.at(-1)!;
        expect(verifyChain(chain)).toEqual({ ok: true, count: chain.length, last: { seq: last.seq, hash: last.hash } });
      }),
    );
  });

  it('accepts any iterable (a generator over a cursor)', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    function* rows() {
      yield* chain;
    }
    expect(verifyChain(rows())).toMatchObject({ ok: true, count: 3 });
  });

  it('a chain that does not start at seq 1 on the genesis link is a gap', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    expect(verifyChain(chain.slice(1))).toEqual({ ok: false, count: 1, brokenAt: 2, reason: 'gap' });
  });
});

describe('verifyChain: tampering', () => {
  it('altering any hashed field of any event is a hash-mismatch at that seq', () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.nat(),
        fc.constantFrom<HashedField>(...HASHED_FIELDS),
        fc.nat(5),
        (chain, rawIndex, field, variant) => {
          const index = rawIndex % chain.length;
          const original = chain[index]!;
          const altered = alter(original[field], variant, field === 'before' || field === 'after');
          expect(altered).not.toBe(original[field]);
          const tampered = chain.map((e, i) => (i === index ? { ...e, [field]: altered } : e));
          expect(verifyChain(tampered)).toEqual({
            ok: false,
            count: index + 1,
            brokenAt: original.seq,
            reason: 'hash-mismatch',
          });
        },
      ),
    );
  });

  it('replacing the stored hash of any event is a hash-mismatch at that seq', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/), (chain, rawIndex, forged) => {
        const index = rawIndex % chain.length;
        fc.pre(forged !== chain[index]!.hash);
        const tampered = chain.map((e, i) => (i === index ? { ...e, hash: forged } : e));
        expect(verifyChain(tampered)).toEqual({
          ok: false,
          count: index + 1,
          brokenAt: index + 1,
          reason: 'hash-mismatch',
        });
      }),
    );
  });

  it('re-hashing an altered event is caught at the NEXT seq as a link-mismatch', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.length >= 2),
        fc.nat(),
        fc.constantFrom<HashedField>(...HASHED_FIELDS),
        (chain, rawIndex, field) => {
          const index = rawIndex % (chain.length - 1);
          const original = chain[index]!;
          const edited = { ...original, [field]: `${original[field] ?? ''}forged` };
          const rehashed = { ...edited, hash: auditHash(edited.prevHash, edited) };
          const tampered = chain.map((e, i) => (i === index ? rehashed : e));
          expect(verifyChain(tampered)).toEqual({
            ok: false,
            count: index + 2,
            brokenAt: original.seq + 1,
            reason: 'link-mismatch',
          });
        },
      ),
    );
  });

  it('rewriting the whole suffix verifies but changes the last link, so an anchored head detects it', () => {
    const fields = [sample(0), sample(1), sample(2), sample(3)];
    const chain = buildChain(fields);
    const forged = buildChain([fields[0]!, { ...fields[1]!, actorId: 'mallory' }, fields[2]!, fields[3]!]);
    const honest = verifyChain(chain);
    const rewritten = verifyChain(forged);
    expect(rewritten.ok).toBe(true);
    expect(honest.ok && rewritten.ok && rewritten.last?.hash !== honest.last?.hash).toBe(true);
  });

  it('a changed prevHash is a link-mismatch at that seq', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    const tampered = chain.map((e, i) => (i === 1 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    expect(verifyChain(tampered)).toEqual({ ok: false, count: 2, brokenAt: 2, reason: 'link-mismatch' });
  });

  it('a deleted middle event is a gap at the event after the hole', () => {
    const chain = buildChain([sample(0), sample(1), sample(2), sample(3)]);
    const withHole = [chain[0]!, chain[2]!, chain[3]!];
    expect(verifyChain(withHole)).toEqual({ ok: false, count: 2, brokenAt: 3, reason: 'gap' });
  });

  it('a deleted middle event is detected even if the attacker renumbers the rest', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    const renumbered = { ...chain[2]!, seq: 2 };
    expect(verifyChain([chain[0]!, renumbered])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('swapped events are detected', () => {
    const chain = buildChain([sample(0), sample(1), sample(2)]);
    expect(verifyChain([chain[0]!, chain[2]!, chain[1]!])).toEqual({ ok: false, count: 2, brokenAt: 3, reason: 'gap' });
  });

  it('a duplicated event is a gap', () => {
    const chain = buildChain([sample(0), sample(1)]);
    expect(verifyChain([chain[0]!, chain[1]!, chain[1]!])).toEqual({ ok: false, count: 3, brokenAt: 2, reason: 'gap' });
  });
});

describe('verifyChain: paging', () => {
  it('two pages with start = last link of the first equal one pass over everything', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (chain, rawSplit) => {
        const split = rawSplit % (chain.length + 1);
        const whole = verifyChain(chain);
        const first = verifyChain(chain.slice(0, split));
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const second = verifyChain(chain.slice(split), first.last);
        expect(second).toEqual({ ...whole, count: chain.length - split });
        expect(first.count + second.count).toBe(whole.count);
      }),
    );
  });

  it('tampering in the second page is reported at the same seq as in one pass', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.length >= 2),
        fc.nat(),
        fc.nat(),
        (chain, rawSplit, rawIndex) => {
          const split = 1 + (rawSplit % (chain.length - 1));
          const index = split + (rawIndex % (chain.length - split));
          const tampered = chain.map((e, i) => (i === index ? { ...e, actorId: `${e.actorId}!` } : e));
          const whole = verifyChain(tampered);
          const first = verifyChain(tampered.slice(0, split));
          if (!first.ok) throw new Error('first page should verify');
          const second = verifyChain(tampered.slice(split), first.last);
          expect(whole).toMatchObject({ ok: false, brokenAt: index + 1, reason: 'hash-mismatch' });
          expect(second).toMatchObject({
            ok: false,
            brokenAt: index + 1,
            reason: 'hash-mismatch',
            count: index + 1 - split,
          });
        },
      ),
    );
  });

  it('a second page started from a wrong link fails at its first event', () => {
    const chain = buildChain([sample(0), sample(1), sample(2), sample(3)]);
    expect(verifyChain(chain.slice(2), { seq: 2, hash: 'e'.repeat(64) })).toEqual({
      ok: false,
      count: 1,
      brokenAt: 3,
      reason: 'link-mismatch',
    });
    expect(verifyChain(chain.slice(2), { seq: 1, hash: chain[0]!.hash })).toEqual({
      ok: false,
      count: 1,
      brokenAt: 3,
      reason: 'gap',
    });
  });
});
