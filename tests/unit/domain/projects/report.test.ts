import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntent, validateReport, type RawReport } from '../../../../src/domain/projects/report.ts';
import { formatProjectCode, parseProjectCode } from '../../../../src/domain/projects/code.ts';
import {
  daysLeft,
  dueExpiryReminder,
  exclusiveUntil,
  periodLastDay,
  renewedUntil,
} from '../../../../src/domain/projects/exclusivity.ts';

const CHAINS = ['集成电路', '生物医药', '新能源汽车'];
const resolve = (input: string) =>
  CHAINS.includes(input)
    ? { chain: input }
    : input === '新能源'
      ? { ambiguous: ['新能源汽车', '新能源装备'] }
      : undefined;
const VALID: RawReport = {
  name: '封测基地',
  investor: '杭州芯光科技有限公司',
  chain: '集成电路',
  amount: '5.2亿',
  intent: '签订意向书',
};

/** GB 32100-2015 check character, so tests use codes that are valid by construction. */
function withCheck(first17: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, ch, i) => acc + charset.indexOf(ch) * weights[i]!, 0);
  return first17 + charset[(31 - (sum % 31)) % 31];
}

describe('validateReport', () => {
  it('accepts a complete report, converting the amount to 万元', () => {
    const result = validateReport(VALID, resolve);
    expect(result).toEqual({
      ok: true,
      report: {
        name: '封测基地',
        investorName: '杭州芯光科技有限公司',
        creditCode: null,
        creditCodeUnverified: false,
        chain: '集成电路',
        amountWan: 52000,
        intent: '签订意向书',
        intentNote: null,
        site: null,
        contact: null,
      },
    });
  });

  it('names every missing field in one answer', () => {
    const result = validateReport({}, resolve);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => p.kind === 'missing' && p.field)).toEqual([
        'name',
        'investor',
        'chain',
        'amount',
        'intent',
      ]);
  });

  it('reports an unknown or ambiguous chain and an unparseable amount together', () => {
    const result = validateReport({ ...VALID, chain: '造船', amount: '很多' }, resolve);
    expect(!result.ok && result.problems.map((p) => p.kind)).toEqual(['unknown-chain', 'amount']);
    const ambiguous = validateReport({ ...VALID, chain: '新能源' }, resolve);
    expect(!ambiguous.ok && ambiguous.problems[0]).toEqual({
      kind: 'ambiguous-chain',
      input: '新能源',
      candidates: ['新能源汽车', '新能源装备'],
    });
  });

  it('requires a clear intent, with a note for 其他', () => {
    expect(validateReport({ ...VALID, intent: '有点兴趣' }, resolve).ok).toBe(false);
    const other = validateReport({ ...VALID, intent: '其他' }, resolve);
    expect(!other.ok && other.problems).toEqual([{ kind: 'intent-note-missing' }]);
    const noted = validateReport({ ...VALID, intent: '其他：已签保密协议' }, resolve);
    expect(noted.ok && noted.report.intentNote).toBe('已签保密协议');
  });

  it('refuses a credit code of the wrong length or with characters outside GB 32100-2015', () => {
    expect(validateReport({ ...VALID, code: '91330100' }, resolve)).toEqual({
      ok: false,
      problems: [{ kind: 'credit-length', length: 8 }],
    });
    const bad = validateReport({ ...VALID, code: '91330100799655O58B' }, resolve);
    expect(!bad.ok && bad.problems[0]?.kind).toBe('credit-chars');
  });

  it('accepts a valid code and, only when confirmed, one whose check character fails', () => {
    const code = withCheck('91330106MA2B3C4D5');
    const valid = validateReport({ ...VALID, code }, resolve);
    expect(valid.ok && valid.report.creditCode).toBe(code);
    const wrongCheck = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    expect(validateReport({ ...VALID, code: wrongCheck }, resolve)).toEqual({
      ok: false,
      problems: [{ kind: 'credit-check-unconfirmed', code: wrongCheck }],
    });
    const confirmed = validateReport({ ...VALID, code: wrongCheck, confirm: '是' }, resolve);
    expect(confirmed.ok && confirmed.report).toMatchObject({ creditCode: wrongCheck, creditCodeUnverified: true });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            name: fc.string(),
            investor: fc.string(),
            code: fc.string(),
            chain: fc.string(),
            amount: fc.string(),
            intent: fc.string(),
            confirm: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (raw) => {
          validateReport(raw, resolve);
        },
      ),
    );
  });
});

describe('intent, codes and exclusivity', () => {
  it('parses intent kinds with notes in several writings', () => {
    expect(parseIntent('实地考察')).toEqual({ kind: '实地考察', note: null });
    expect(parseIntent('多轮洽谈：已谈三轮')).toEqual({ kind: '多轮洽谈', note: '已谈三轮' });
    expect(parseIntent('其他（已签保密协议）')).toEqual({ kind: '其他', note: '已签保密协议' });
    expect(parseIntent('随便')).toBeNull();
  });

  it('formats and parses project codes as officers type them', () => {
    expect(formatProjectCode(2026, 1)).toBe('ZS-2026-0001');
    expect(formatProjectCode(2026, 12345)).toBe('ZS-2026-12345');
    for (const input of [
      'ZS-2026-0001',
      'zs-2026-1',
      'ＺＳ－２０２６－０００１',
      'ZS20260001',
      '2026-0001',
      ' zs 2026 0001 ',
    ]) {
      expect(parseProjectCode(input)).toBe('ZS-2026-0001');
    }
    for (const input of ['', 'ZS-2026-0000', 'LZ-2026-0001', 'ZS-26-1', 'hello'])
      expect(parseProjectCode(input)).toBeNull();
  });

  it('computes the deadline and sends only the latest applicable expiry reminder', () => {
    const granted = new Date('2026-11-26T04:00:00Z');
    const until = exclusiveUntil(granted, 180);
    // Granted 2026-11-26 12:00 Shanghai: the period ends on 2027-05-25, at the end of that day in Shanghai.
    expect(until.toISOString()).toBe('2027-05-25T16:00:00.000Z');
    expect(periodLastDay(until)).toBe('2027-05-25');
    // Granted at 00:30 Shanghai (still the previous day in UTC): the Shanghai day counts.
    expect(exclusiveUntil(new Date('2026-11-25T16:30:00Z'), 1).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // A renewal runs from the current last day while the period runs, else from today.
    expect(renewedUntil(until, new Date('2027-05-01T00:00:00Z'), 30).toISOString()).toBe('2027-06-24T16:00:00.000Z');
    expect(renewedUntil(until, new Date('2027-06-01T04:00:00Z'), 30).toISOString()).toBe('2027-07-01T16:00:00.000Z');
    const day = 24 * 3600 * 1000;
    // R2's reminders are due at 09:00 Shanghai, 14 and 3 days before the last day (2027-05-25).
    expect(dueExpiryReminder(until, new Date('2027-05-11T00:59:00Z'), [14, 3])).toBeNull();
    expect(dueExpiryReminder(until, new Date('2027-05-11T01:00:00Z'), [14, 3])).toBe(14);
    expect(dueExpiryReminder(until, new Date('2027-05-22T00:59:00Z'), [14, 3])).toBe(14);
    expect(dueExpiryReminder(until, new Date('2027-05-22T01:00:00Z'), [14, 3])).toBe(3);
    expect(dueExpiryReminder(until, until, [14, 3])).toBeNull();
    // Days left count from today's Shanghai date to the last day: 3 on 5月22日, 0 on 5月25日 itself.
    expect(daysLeft(until, new Date('2027-05-22T01:00:00Z'))).toBe(3);
    expect(daysLeft(until, new Date(until.getTime() - 60_000))).toBe(0);
    expect(daysLeft(until, new Date(until.getTime() - 2.5 * day))).toBe(2);
  });
});
