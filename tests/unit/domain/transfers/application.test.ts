import { describe, expect, it } from 'vitest';
import { validateApplication, type RawApplication } from '../../../../src/domain/transfers/application.ts';

const BASE: RawApplication = {
  enterprise: '杭州星河微电子有限公司',
  from: '滨江区',
  to: '萧山区',
  reason: '扩大产能',
  share: '30%/5年',
};

describe('validateApplication', () => {
  it('accepts the required fields, with no chain or promise', () => {
    expect(validateApplication(BASE)).toEqual({
      ok: true,
      application: {
        enterprise: '杭州星河微电子有限公司',
        creditCode: null,
        chain: null,
        from: '滨江区',
        to: '萧山区',
        reason: '扩大产能',
        promise: [],
        sharing: { originPct: 30, years: 5 },
      },
    });
  });

  it('reads the promise as structured items and a valid credit code', () => {
    const result = validateApplication({
      ...BASE,
      promise: '税收奖励50%,上限2000万,5年;租金补贴30%',
      code: '91330100MA2B3C4D5N',
      chain: '集成电路',
    });
    expect(result).toMatchObject({
      ok: true,
      application: {
        creditCode: '91330100MA2B3C4D5N',
        chain: '集成电路',
        promise: [
          { type: 'TAX_REWARD', ratePct: 50, capWan: 2000, years: 5 },
          { type: 'RENT_SUBSIDY', ratePct: 30, capWan: null, years: null },
        ],
      },
    });
  });

  it('names every problem at once', () => {
    const result = validateApplication({ enterprise: '  ', share: '120%/5年', promise: '全免', code: '123' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => (p.kind === 'missing' ? `missing:${p.field}` : p.kind))).toEqual([
      'missing:enterprise',
      'missing:from',
      'missing:to',
      'missing:reason',
      'share',
      'promise',
      'credit-length',
    ]);
  });

  it('reports a too-long field once', () => {
    const result = validateApplication({ ...BASE, reason: '理'.repeat(501) });
    expect(result).toEqual({ ok: false, problems: [{ kind: 'too-long', field: 'reason', max: 500 }] });
  });

  it('asks to confirm a credit code whose check character fails, and accepts it confirmed', () => {
    expect(validateApplication({ ...BASE, code: '91330100MA2B3C4D5E' })).toEqual({
      ok: false,
      problems: [{ kind: 'credit-check-unconfirmed', code: '91330100MA2B3C4D5E' }],
    });
    expect(validateApplication({ ...BASE, code: '91330100MA2B3C4D5E', confirm: '是' })).toMatchObject({
      ok: true,
      application: { creditCode: '91330100MA2B3C4D5E' },
    });
  });
});
