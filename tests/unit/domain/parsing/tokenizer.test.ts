import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MAX_COMMAND_LENGTH, tokenizeCommand, type TokenizeResult } from '../../../../src/domain/parsing/tokenizer.ts';

const BOT = { botNames: ['一盘棋', '招商 助手', 'ＹＰＱ'] };

function command(
  name: string,
  positional: string[] = [],
  named: Record<string, string> | [string, string][] = [],
): TokenizeResult {
  const pairs = Array.isArray(named) ? named : Object.entries(named);
  return { kind: 'command', name, positional, named: pairs.map(([key, value]) => ({ key, value })) };
}

describe('tokenizeCommand: recognising a command', () => {
  it.each<[string, string, TokenizeResult]>([
    ['a Chinese name', '/首报', command('首报')],
    ['a full-width slash', '／首报', command('首报')],
    ['an English name, lower-cased', '/Report', command('report')],
    ['a lone slash', '/', command('')],
    ['a lone slash before words', '/ 杭州', command('', ['杭州'])],
    ['surrounding whitespace', '  \n/帮助\t ', command('帮助')],
    ['a name running up to the first space', '/首报项目=杭州 x', command('首报项目=杭州', ['x'])],
    ['a leading bot mention', '@一盘棋 /首报', command('首报')],
    ['a DingTalk mention gap (U+2005)', '@一盘棋\u2005/首报', command('首报')],
    ['several leading bot mentions', '@一盘棋 @一盘棋  /首报', command('首报')],
    ['a bot name containing a space', '@招商 助手 /首报', command('首报')],
    ['a bot name given in full width', '@YPQ /首报', command('首报')],
    ['a bot name in another letter case', '@ypq /首报', command('首报')],
    ['a bot mention among the arguments', '/首报 @一盘棋 杭州', command('首报', ['杭州'])],
    ['a trailing bot mention', '/首报 杭州 @一盘棋', command('首报', ['杭州'])],
    ['other mentions as positional words', '/指派 @张三 @李四', command('指派', ['@张三', '@李四'])],
  ])('accepts %s', (_what, input, expected) => {
    expect(tokenizeCommand(input, BOT)).toEqual(expected);
  });

  it.each([
    ['plain chat', '今天开会吗'],
    ['an empty message', ''],
    ['only whitespace', ' \u3000\n'],
    ['only a bot mention', '@一盘棋'],
    ['a non-bot mention before the slash', '@张三 /首报'],
    ['a bot mention glued to more text', '@一盘棋助手 /首报'],
    ['a bot mention glued to the slash', '@一盘棋/首报'],
    ['a slash later in the text', '请用 /首报'],
    ['chat with an unbalanced quote', '他说“你好'],
  ])('treats %s as not-command', (_what, input) => {
    expect(tokenizeCommand(input, BOT)).toEqual({ kind: 'not-command' });
  });

  it('strips no mentions when no bot names are given', () => {
    expect(tokenizeCommand('@一盘棋 /首报')).toEqual({ kind: 'not-command' });
    expect(tokenizeCommand('/首报 @一盘棋')).toEqual(command('首报', ['@一盘棋']));
  });
});

describe('tokenizeCommand: words and quotes', () => {
  it.each<[string, string, TokenizeResult]>([
    ['spaces', '/x a b  c', command('x', ['a', 'b', 'c'])],
    ['tabs and newlines', '/x a\tb\nc\r\nd', command('x', ['a', 'b', 'c', 'd'])],
    ['ideographic spaces', '/x\u3000杭州\u3000宁波', command('x', ['杭州', '宁波'])],
    ['ASCII double quotes', '/x "a b"', command('x', ['a b'])],
    ['ASCII single quotes', "/x 'a b'", command('x', ['a b'])],
    ['curly double quotes', '/x “a b”', command('x', ['a b'])],
    ['curly single quotes', '/x ‘a b’', command('x', ['a b'])],
    ['corner brackets', '/x 「a b」', command('x', ['a b'])],
    ['white corner brackets', '/x 『a b』', command('x', ['a b'])],
    ['full-width ASCII quotes', '/x ＂a b＂', command('x', ['a b'])],
    ['an empty quoted word', '/x ""', command('x', [''])],
    ['"=" inside quotes', '/x "项目=杭州"', command('x', ['项目=杭州'])],
    ['":" inside quotes', '/x “备注:明天”', command('x', ['备注:明天'])],
    ['other quote kinds inside quotes', "/x “他说'好'”", command('x', ["他说'好'"])],
    ['text glued after a closing quote', '/x “某某”项目', command('x', ['某某项目'])],
    ['quotes inside a word', "/x don't 他说“可以”", command('x', ["don't", '他说“可以”'])],
    ['、 inside names', '/x 张三、李四', command('x', ['张三、李四'])],
    ['emoji', '/x 👍 🚀', command('x', ['👍', '🚀'])],
  ])('splits %s', (_what, input, expected) => {
    expect(tokenizeCommand(input)).toEqual(expected);
  });

  it.each([
    ['"', '/x "a b'],
    ["'", "/x 'a b"],
    ['“', '/x “a b'],
    ['“', '/x “a b“'],
    ['‘', '/x ‘a b'],
    ['「', '/x 「a b'],
    ['『', '/x 『a b」'],
    ['“', '/x 项目=“杭州 某某'],
  ])('reports an unterminated %s quote', (opener, input) => {
    expect(tokenizeCommand(input)).toEqual({
      kind: 'error',
      code: 'unterminated-quote',
      detail: opener,
    });
  });
});

describe('tokenizeCommand: named arguments', () => {
  it.each<[string, string, TokenizeResult]>([
    ['key=value', '/首报 项目=杭州 金额=5亿', command('首报', [], { 项目: '杭州', 金额: '5亿' })],
    ['a full-width equals sign', '/首报 项目＝杭州', command('首报', [], { 项目: '杭州' })],
    ['a full-width colon after a name-like key', '/首报 项目：杭州', command('首报', [], { 项目: '杭州' })],
    ['an English key, lower-cased', '/report Name=Foo', command('report', [], { name: 'Foo' })],
    ['a key with digits before "="', '/x k1=v1', command('x', [], { k1: 'v1' })],
    ['a quoted value', '/x 项目=“杭州 某某 项目”', command('x', [], { 项目: '杭州 某某 项目' })],
    ['a quoted value with "="', '/x 备注="a=b c"', command('x', [], { 备注: 'a=b c' })],
    ['an explicitly empty value', '/x 备注=""', command('x', [], { 备注: '' })],
    ['further "=" in the value', '/x url=a=b', command('x', [], { url: 'a=b' })],
    ['a time in the value', '/x 时间=14:30', command('x', [], { 时间: '14:30' })],
    // The value keeps the officer's colon; the date parser reads full-width forms itself.
    ['a time after a colon key', '/x 时间：14：30', command('x', [], { 时间: '14：30' })],
    [
      'prose punctuation kept in values and words',
      '/x ＺＳ－１ 说明=投资方表示暂缓，待明年再议（已告知）；另：再联系！ 暂缓，再议',
      command('x', ['ZS-1', '暂缓，再议'], { 说明: '投资方表示暂缓，待明年再议（已告知）；另：再联系！' }),
    ],
    ['an intent with ":" in the value', '/x 意向=其他:说明', command('x', [], { 意向: '其他:说明' })],
    ['spaces around "="', '/x 项目 = 杭州', command('x', [], { 项目: '杭州' })],
    ['a space after "="', '/x 项目= 杭州', command('x', [], { 项目: '杭州' })],
    ['a space before "="', '/x 项目 =杭州', command('x', [], { 项目: '杭州' })],
    ['a space after ":"', '/x 项目： 杭州', command('x', [], { 项目: '杭州' })],
    ['a quoted value after a space', '/x 项目= “杭州 某某”', command('x', [], { 项目: '杭州 某某' })],
    ['a separate "=" word', '/x 项目 = “a b” c', command('x', ['c'], { 项目: 'a b' })],
    ['mixed positional and named', '/x a 项目=杭州 b', command('x', ['a', 'b'], { 项目: '杭州' })],
    [
      'repeated keys in order',
      '/x 标签=a 标签=b',
      command(
        'x',
        [],
        [
          ['标签', 'a'],
          ['标签', 'b'],
        ],
      ),
    ],
    [
      'full-width input throughout',
      '／首报　项目＝杭州　金额：５亿',
      command('首报', [], { 项目: '杭州', 金额: '5亿' }),
    ],
    ['a mention as a value', '/指派 负责人=@张三', command('指派', [], { 负责人: '@张三' })],
  ])('reads %s', (_what, input, expected) => {
    expect(tokenizeCommand(input)).toEqual(expected);
  });

  it.each([
    ['a time', '/x 14:30', ['14:30']],
    ['a key with digits before ":"', '/x a1:b', ['a1:b']],
    [
      'a key longer than 12 characters before ":"',
      '/x 这是一个超过十二个字的很长键名:x',
      ['这是一个超过十二个字的很长键名:x'],
    ],
    ['a leading ":"', '/x :x', [':x']],
    ['a detached ":"', '/x 项目 :杭州', ['项目', ':杭州']],
  ])('keeps %s positional', (_what, input, positional) => {
    expect(tokenizeCommand(input)).toEqual(command('x', positional));
  });

  it.each([
    ['a leading "="', '/x =5亿'],
    ['a full-width leading "="', '/x ＝5亿'],
    ['"=" after a quoted word', '/x "a" =b'],
    ['"=" after a pair', '/x a=b =c'],
    ['"=" right after the command name', '/x = b'],
  ])('reports empty-key for %s', (_what, input) => {
    expect(tokenizeCommand(input)).toEqual({ kind: 'error', code: 'empty-key' });
  });

  it.each([
    ['"=" at the end', '/x 项目=', '项目'],
    ['"=" then only spaces', '/x 项目=  ', '项目'],
    ['a detached "=" at the end', '/x 项目 =', '项目'],
    ['":" at the end', '/x 项目:', '项目'],
    ['an English key', '/x Name=', 'name'],
    ['a value that is the next pair', '/x 项目= 金额=5亿', '项目'],
    ['a value that is the next colon pair', '/x 项目 = 金额:5亿', '项目'],
  ])('reports empty-value for %s', (_what, input, key) => {
    expect(tokenizeCommand(input)).toEqual({ kind: 'error', code: 'empty-value', detail: key });
  });
});

describe('tokenizeCommand: length limit', () => {
  it('accepts input of exactly the limit', () => {
    const input = `/${'x'.repeat(MAX_COMMAND_LENGTH - 1)}`;
    expect(tokenizeCommand(input)).toEqual(command('x'.repeat(MAX_COMMAND_LENGTH - 1)));
  });

  it.each([
    ['a command', `/${'x'.repeat(MAX_COMMAND_LENGTH)}`],
    ['plain chat', '字'.repeat(MAX_COMMAND_LENGTH + 1)],
  ])('rejects %s over the limit', (_what, input) => {
    expect(tokenizeCommand(input)).toEqual({ kind: 'error', code: 'too-long' });
  });
});

const KINDS = ['command', 'not-command', 'error'];

const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});

const grammarString = fc
  .tuple(
    fc.constantFrom('', '/', '／', '@bot /', '@一盘棋 ／'),
    fc.array(
      fc.constantFrom(
        '/',
        '／',
        '"',
        "'",
        '“',
        '”',
        '‘',
        '’',
        '「',
        '」',
        '『',
        '』',
        '＂',
        '=',
        '＝',
        ':',
        '：',
        ' ',
        '\u3000',
        '\t',
        '\n',
        '\u2005',
        '项目',
        '杭州',
        '金额',
        'Key',
        'k1',
        '5亿',
        '14:30',
        '@',
        '@bot',
        '@一盘棋',
        '😀',
        '\ud800',
      ),
      { maxLength: 30 },
    ),
  )
  .map(([start, parts]) => start + parts.join(''));

describe('tokenizeCommand: properties', () => {
  it.each([
    ['printable ASCII', fc.string()],
    ['any code points', fc.string({ unit: 'binary' })],
    ['graphemes incl. emoji', fc.string({ unit: 'grapheme' })],
    ['any UTF-16 code units incl. lone surrogates', codeUnitString],
    ['command-like grammar', grammarString],
  ])('never throws on %s and returns a known kind', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (s) => {
        const result = tokenizeCommand(s, { botNames: ['bot', '一盘棋'] });
        expect(KINDS).toContain(result.kind);
      }),
      { numRuns: 500 },
    );
  });

  const key = fc.string({ unit: fc.constantFrom(...'abcxyz019项目金额'), minLength: 1, maxLength: 8 });
  const bareValue = fc.string({ unit: fc.constantFrom(...'abXY09项杭州.-,=:/@'), minLength: 1, maxLength: 10 });
  const quotes = fc.constantFrom(['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['「', '」'], ['『', '』']);
  const quotedValue = fc
    .tuple(quotes, fc.string({ unit: fc.constantFrom(...'ab 项杭=:,"\'“”‘’「」『』'), maxLength: 10 }))
    .map(([[open, close], raw]) => ({ value: raw.replaceAll(close, ''), open, close }));

  it('round-trips key=value and key="quoted value" pairs', () => {
    const pair = fc.oneof(
      fc.record({ key, value: bareValue }).map(({ key, value }) => ({ key, value, text: `${key}=${value}` })),
      fc.record({ key, quoted: quotedValue }).map(({ key, quoted: { value, open, close } }) => ({
        key,
        value,
        text: `${key}=${open}${value}${close}`,
      })),
    );
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 6 }), (pairs) => {
        const text = ['/cmd', ...pairs.map((p) => p.text)].join(' ');
        expect(tokenizeCommand(text)).toEqual(
          command(
            'cmd',
            [],
            pairs.map((p) => [p.key, p.value]),
          ),
        );
      }),
    );
  });

  it('reads the same pairs whatever the spacing around "="', () => {
    const plainValue = fc.string({ unit: fc.constantFrom(...'abXY09项杭州.-,'), minLength: 1, maxLength: 10 });
    const separator = fc.constantFrom('=', ' = ', '= ', ' =', '＝', ' ＝ ');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, separator, plainValue), { maxLength: 6 }), (pairs) => {
        const text = ['/cmd', ...pairs.map(([k, sep, v]) => `${k}${sep}${v}`)].join(' ');
        expect(tokenizeCommand(text)).toEqual(
          command(
            'cmd',
            [],
            pairs.map(([k, , v]) => [k, v]),
          ),
        );
      }),
    );
  });
});
