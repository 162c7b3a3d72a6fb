import { describe, expect, it } from 'vitest';
import {
  assessConflict,
  earlierPendingRivals,
  initialStatus,
  rivalsClosedByGrant,
  type ProjectClaim,
} from '../../../../src/domain/projects/conflict.ts';

let n = 0;
function claim(over: Partial<ProjectClaim>): ProjectClaim {
  n += 1;
  return {
    code: `ZS-2026-${String(n).padStart(4, '0')}`,
    unitId: 'xiaoshan',
    chain: '集成电路',
    status: 'PENDING',
    investorName: '杭州芯光科技有限公司',
    creditCode: null,
    reportedAt: new Date(Date.UTC(2026, 10, 1, 0, n)),
    exclusiveUntil: null,
    ...over,
  };
}

const report = { unitId: 'binjiang', chain: '集成电路', investorName: '芯光科技（杭州）有限公司', creditCode: null };

describe('conflict assessment (DESIGN §4.2)', () => {
  it('records a report as CONFLICT when another unit holds the investor for the chain', () => {
    for (const status of ['EXCLUSIVE', 'CITY_LED', 'SIGNED'] as const) {
      const held = claim({ status });
      const result = assessConflict(report, [held]);
      expect(result.held).toEqual([held]);
      expect(initialStatus(result)).toBe('CONFLICT');
    }
  });

  it('keeps a report PENDING behind an earlier pending report of another unit', () => {
    const earlier = claim({});
    const result = assessConflict(report, [earlier]);
    expect(result.pendingEarlier).toEqual([earlier]);
    expect(initialStatus(result)).toBe('PENDING');
  });

  it('shows the same investor in another chain as related, not blocking', () => {
    const other = claim({ chain: '人工智能', status: 'EXCLUSIVE' });
    const result = assessConflict(report, [other]);
    expect(result.related).toEqual([other]);
    expect(initialStatus(result)).toBe('PENDING');
  });

  it('flags the same unit reporting the same investor and chain again', () => {
    const own = claim({ unitId: 'binjiang' });
    expect(assessConflict(report, [own]).ownDuplicate).toEqual([own]);
  });

  it('ignores closed projects and different companies', () => {
    const closed = ['REJECTED', 'EXPIRED', 'LANDED', 'TERMINATED', 'CONFLICT'] as const;
    const result = assessConflict(report, [
      ...closed.map((status) => claim({ status })),
      claim({ investorName: '杭州芯片科技有限公司', status: 'EXCLUSIVE' }),
    ]);
    expect(result).toEqual({ held: [], pendingEarlier: [], ownDuplicate: [], related: [] });
  });

  it('lets credit codes decide over names in both directions', () => {
    const code = '91330100799655058B';
    const sameCodeOtherName = claim({ investorName: '完全不同的名称有限公司', creditCode: code, status: 'EXCLUSIVE' });
    expect(assessConflict({ ...report, creditCode: code }, [sameCodeOtherName]).held).toHaveLength(1);
    const otherCodeSameName = claim({ creditCode: '914403001922038216', status: 'EXCLUSIVE' });
    expect(assessConflict({ ...report, creditCode: code }, [otherCodeSameName]).held).toHaveLength(0);
  });

  it('orders rivals by report time, the earliest first', () => {
    const late = claim({ unitId: 'yuhang', reportedAt: new Date('2026-11-20T00:00:00Z') });
    const early = claim({ unitId: 'xihu', reportedAt: new Date('2026-11-02T00:00:00Z') });
    expect(assessConflict(report, [late, early]).pendingEarlier.map((c) => c.code)).toEqual([early.code, late.code]);
  });

  it('closes other units’ pending reports of the same investor and chain when one is granted', () => {
    const granted = claim({ unitId: 'binjiang', investorName: '杭州芯光科技有限公司' });
    const rival = claim({ unitId: 'xiaoshan', investorName: '芯光科技股份有限公司' });
    const otherChain = claim({ unitId: 'yuhang', chain: '人工智能' });
    const sameUnit = claim({ unitId: 'binjiang' });
    expect(rivalsClosedByGrant(granted, [granted, rival, otherChain, sameUnit]).map((c) => c.code)).toEqual([
      rival.code,
    ]);
  });

  it('gives an earlier report priority over a later one, with the code breaking a tie in time', () => {
    const at = new Date('2026-11-05T00:00:00Z');
    const first = claim({ unitId: 'binjiang', reportedAt: at, code: 'ZS-2026-0100' });
    const second = claim({ unitId: 'xiaoshan', reportedAt: at, code: 'ZS-2026-0101' });
    expect(earlierPendingRivals(second, [first, second]).map((c) => c.code)).toEqual(['ZS-2026-0100']);
    expect(earlierPendingRivals(first, [first, second])).toEqual([]);
  });
});
