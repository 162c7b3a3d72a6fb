import { describe, expect, it } from 'vitest';
import { parseLooseArgs } from '../../../../src/domain/parsing/loose-args.ts';

const KEYS = { mode: ['方式', 'mode'], amount: ['金额', 'amount'], note: ['说明', 'note'] } as const;
const parse = (text: string) => parseLooseArgs(text.split(/\s+/).filter(Boolean), KEYS, ['note']);

describe('parseLooseArgs', () => {
  it('reads declared keys in any order, with = or : in either width', () => {
    expect(parse('ZS-2026-0001 方式=基金 金额：2亿 说明＝拟投资')).toEqual({
      ok: true,
      positional: ['ZS-2026-0001'],
      named: { mode: '基金', amount: '2亿', note: '拟投资' },
    });
    expect(parse('AMOUNT=2亿 mode:基金')).toEqual({ ok: true, positional: [], named: { mode: '基金', amount: '2亿' } });
  });

  it('lets a prose key run over the following words up to the next key, punctuation as typed', () => {
    expect(parse('说明=会议决定：由 萧山区 承载， 钱塘区配套 金额=2亿')).toEqual({
      ok: true,
      positional: [],
      named: { note: '会议决定：由 萧山区 承载， 钱塘区配套', amount: '2亿' },
    });
  });

  it('keeps undeclared "词：" words as plain text instead of refusing them as unknown keys', () => {
    expect(parseLooseArgs(['承载=萧山区', '会议决定：由萧山区承载'], { host: ['承载'] })).toEqual({
      ok: true,
      positional: ['会议决定：由萧山区承载'],
      named: { host: '萧山区' },
    });
  });

  it('takes a detached value from the next word and strips wrapping quotes', () => {
    expect(parse('金额= 2亿 说明=“新能源 电池”')).toEqual({
      ok: true,
      positional: [],
      named: { amount: '2亿', note: '新能源 电池' },
    });
  });

  it('refuses a repeated key and an empty value', () => {
    expect(parse('金额=1亿 amount=2亿')).toEqual({ ok: false, problem: 'duplicate-key', key: 'amount' });
    expect(parse('金额=')).toEqual({ ok: false, problem: 'empty-value', key: '金额' });
    expect(parse('金额= 方式=基金')).toEqual({ ok: false, problem: 'empty-value', key: '金额' });
    expect(parse('说明=“”')).toEqual({ ok: false, problem: 'empty-value', key: '说明' });
  });

  it('does not take a key from a word that merely starts with a separator', () => {
    expect(parse('=2亿 :x')).toEqual({ ok: true, positional: ['=2亿', ':x'], named: {} });
  });
});
