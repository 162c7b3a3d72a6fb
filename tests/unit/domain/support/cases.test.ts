import { describe, expect, it } from 'vitest';
import {
  formatSupportCode,
  mayDecide,
  mayEscalate,
  needsScreening,
  parseSupportCode,
  parseSupportMode,
  routeSupport,
} from '../../../../src/domain/support/cases.ts';

describe('一事一议 routing (三(二), rule R10 默认)', () => {
  it.each([
    ['基金', 'FUND', 'sasac'],
    ['股权直投', 'EQUITY', 'sasac'],
    ['经营性奖励', 'REWARD', 'changwu'],
    ['更大支持', 'MORE', 'changwu'],
    ['Fund', 'FUND', 'sasac'],
    ['直投', 'EQUITY', 'sasac'],
  ] as const)('%s → %s, decided by %s', (input, mode, body) => {
    expect(parseSupportMode(input)).toBe(mode);
    expect(routeSupport(mode, '默认')).toBe(body);
  });

  it('sends a district’s request to IPB first and IPB’s own straight to the body (R10 默认)', () => {
    expect(needsScreening('默认', false)).toBe(true);
    expect(needsScreening('默认', true)).toBe(false);
  });

  it('refuses an unknown mode', () => {
    expect(parseSupportMode('补贴')).toBeUndefined();
  });

  it('lets members of the deciding body decide, and only 常务会议 escalate', () => {
    const sasac = [{ role: 'SASAC', scope: '' }] as const;
    const changwu = [{ role: 'LEADER', scope: 'changwu' }] as const;
    const caijingwei = [{ role: 'LEADER', scope: 'caijingwei' }] as const;
    const cityLeader = [{ role: 'LEADER', scope: '' }] as const;
    expect(mayDecide(sasac, 'sasac')).toBe(true);
    expect(mayDecide(sasac, 'changwu')).toBe(false);
    expect(mayDecide(changwu, 'changwu')).toBe(true);
    expect(mayDecide(changwu, 'caijingwei')).toBe(false);
    expect(mayDecide(caijingwei, 'caijingwei')).toBe(true);
    expect(mayDecide(cityLeader, 'changwu')).toBe(false);
    expect(mayDecide(cityLeader, 'sasac')).toBe(false);
    expect(mayEscalate(changwu, 'changwu')).toBe(true);
    expect(mayEscalate(changwu, 'sasac')).toBe(false);
    expect(mayEscalate(caijingwei, 'changwu')).toBe(false);
    expect(mayEscalate(sasac, 'sasac')).toBe(false);
  });

  it('codes requests YS-<year>-<seq> and reads what officers type', () => {
    expect(formatSupportCode(2026, 7)).toBe('YS-2026-0007');
    expect(parseSupportCode('ys-2026-7')).toBe('YS-2026-0007');
    expect(parseSupportCode('ＹＳ－２０２６－０００７')).toBe('YS-2026-0007');
    expect(parseSupportCode('2026-0007')).toBeNull();
    expect(parseSupportCode('ZS-2026-0007')).toBeNull();
    expect(parseSupportCode('YS-2026-0000')).toBeNull();
  });
});
