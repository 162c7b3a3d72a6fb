import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import {
  encodeCardParamMap,
  encodeRobotMessages,
  encodeWebhookBodies,
  MSG_PARAM_LIMIT_BYTES,
  sendMessageLink,
  splitBody,
  WEBHOOK_BODY_LIMIT_BYTES,
} from '../../src/adapters/dingtalk/encode.ts';

const reviewCard: Message = {
  kind: 'card',
  title: '首报待审核',
  markdown: '### ZS-2026-0001\n杭州某某科技 · 滨江区',
  buttons: [
    { actionId: 'review-approve', value: '/审核 ZS-2026-0001 通过', label: '通过' },
    { actionId: 'review-reject', value: '/审核 ZS-2026-0001 不通过', label: '不通过' },
  ],
};

const bytes = (text: string): number => Buffer.byteLength(text);

describe('encodeWebhookBodies', () => {
  it('encodes text, writing each @ into the content as DingTalk requires', () => {
    expect(encodeWebhookBodies({ kind: 'text', text: '请审核', atUserIds: ['ipb-zhang'] })).toEqual([
      { msgtype: 'text', text: { content: '请审核 @ipb-zhang' }, at: { atUserIds: ['ipb-zhang'], isAtAll: false } },
    ]);
  });

  it('does not repeat an @ the text already has', () => {
    const [body] = encodeWebhookBodies({ kind: 'text', text: '@ipb-zhang 请审核', atUserIds: ['ipb-zhang'] });
    expect(body).toMatchObject({ text: { content: '@ipb-zhang 请审核' } });
  });

  it('encodes markdown with a title taken from the first line when none is given', () => {
    expect(encodeWebhookBodies({ kind: 'markdown', markdown: '## 本周到期\n- ZS-2026-0001' })).toEqual([
      { msgtype: 'markdown', markdown: { title: '本周到期', text: '## 本周到期\n- ZS-2026-0001' } },
    ]);
  });

  it('encodes a card as an actionCard whose text also lists the command each button types', () => {
    const [body] = encodeWebhookBodies(reviewCard, { commandListHeading: '也可以直接输入：' });
    expect(body).toEqual({
      msgtype: 'actionCard',
      actionCard: {
        title: '首报待审核',
        text: '### ZS-2026-0001\n杭州某某科技 · 滨江区\n\n也可以直接输入：\n\n- 通过: /审核 ZS-2026-0001 通过\n- 不通过: /审核 ZS-2026-0001 不通过',
        btnOrientation: '0',
        btns: [
          {
            title: '通过',
            actionURL:
              'dtmd://dingtalkclient/sendMessage?content=%2F%E5%AE%A1%E6%A0%B8%20ZS-2026-0001%20%E9%80%9A%E8%BF%87',
          },
          { title: '不通过', actionURL: sendMessageLink('/审核 ZS-2026-0001 不通过') },
        ],
      },
    });
  });

  it('falls back to markdown with the typed commands when button links are off', () => {
    const [body] = encodeWebhookBodies(reviewCard, { buttonLinks: false });
    expect(body).toMatchObject({ msgtype: 'markdown', markdown: { title: '首报待审核' } });
    expect(body?.msgtype === 'markdown' && body.markdown.text).toContain('- 通过: /审核 ZS-2026-0001 通过');
  });

  it(`splits a long text into numbered bodies of at most ${WEBHOOK_BODY_LIMIT_BYTES} bytes, at line boundaries`, () => {
    const lines = Array.from({ length: 900 }, (_, i) => `第${i + 1}行：杭州市一盘棋产业链精准招商`);
    const bodies = encodeWebhookBodies({ kind: 'text', text: lines.join('\n') });
    expect(bodies.length).toBeGreaterThan(1);
    const contents = bodies.map((body) => {
      expect(bytes(JSON.stringify(body))).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT_BYTES);
      return body.msgtype === 'text' ? body.text.content : '';
    });
    for (const [index, content] of contents.entries())
      expect(content.startsWith(`(${index + 1}/${bodies.length})\n`)).toBe(true);
    expect(contents.map((content) => content.replace(/^\(\d+\/\d+\)\n/, '')).join('\n')).toBe(lines.join('\n'));
  });
});

describe('encodeRobotMessages', () => {
  it('maps text and markdown to sampleText and sampleMarkdown', () => {
    expect(encodeRobotMessages({ kind: 'text', text: '你好' })).toEqual([
      { msgKey: 'sampleText', msgParam: '{"content":"你好"}' },
    ]);
    expect(encodeRobotMessages({ kind: 'markdown', title: '提醒', markdown: '**明天到期**' })).toEqual([
      { msgKey: 'sampleMarkdown', msgParam: '{"title":"提醒","text":"**明天到期**"}' },
    ]);
  });

  it('uses sampleActionCard for one button and sampleActionCardN for N buttons', () => {
    const [first] = reviewCard.buttons ?? [];
    if (first === undefined) throw new Error('fixture');
    const [single] = encodeRobotMessages({ ...reviewCard, buttons: [first] });
    expect(single?.msgKey).toBe('sampleActionCard');
    expect(JSON.parse(single?.msgParam ?? '')).toMatchObject({
      singleTitle: '通过',
      singleURL: sendMessageLink(first.value),
    });

    const [double] = encodeRobotMessages(reviewCard);
    expect(double?.msgKey).toBe('sampleActionCard2');
    expect(JSON.parse(double?.msgParam ?? '')).toMatchObject({ actionTitle1: '通过', actionTitle2: '不通过' });
  });

  it('lists the commands in plain markdown when there are more buttons than a template holds', () => {
    const buttons = Array.from({ length: 6 }, (_, i) => ({
      actionId: `a${i}`,
      value: `/命令 ${i}`,
      label: `选项${i}`,
    }));
    const [message] = encodeRobotMessages({ kind: 'card', markdown: '请选择', buttons });
    expect(message?.msgKey).toBe('sampleMarkdown');
    expect(JSON.parse(message?.msgParam ?? '').text).toContain('- 选项5: /命令 5');
  });

  it('drops mentions, which the robot API cannot deliver', () => {
    expect(encodeRobotMessages({ kind: 'text', text: '请审核', atUserIds: ['ipb-zhang'] })).toEqual([
      { msgKey: 'sampleText', msgParam: '{"content":"请审核"}' },
    ]);
  });

  it(`keeps every msgParam within ${MSG_PARAM_LIMIT_BYTES} bytes and puts the buttons on the last part`, () => {
    const markdown = Array.from({ length: 1200 }, (_, i) => `- 项目${i}：“招商”\t"quoted"`).join('\n');
    const parts = encodeRobotMessages({ ...reviewCard, markdown });
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(bytes(part.msgParam)).toBeLessThanOrEqual(MSG_PARAM_LIMIT_BYTES);
    expect(parts.slice(0, -1).every((part) => part.msgKey === 'sampleMarkdown')).toBe(true);
    expect(parts.at(-1)?.msgKey).toBe('sampleActionCard2');
    expect(JSON.parse(parts[0]?.msgParam ?? '').title).toBe(`首报待审核 (1/${parts.length})`);
  });
});

describe('splitBody', () => {
  it('keeps all content and fits every chunk, whatever the lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 60 }),
        fc.integer({ min: 60, max: 2_000 }),
        (lines, budget) => {
          const body = lines.join('\n');
          const chunks = splitBody(body, budget, 'text');
          for (const chunk of chunks) expect(bytes(JSON.stringify(chunk)) - 2).toBeLessThanOrEqual(budget);
          const stripped = chunks.length === 1 ? chunks : chunks.map((chunk) => chunk.replace(/^\(\d+\/\d+\)\n/, ''));
          // Lines longer than the budget are cut mid-line; all others split only at newlines.
          expect(stripped.join('').replaceAll('\n', '')).toBe(body.replaceAll('\n', ''));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('encodeCardParamMap', () => {
  it('produces string values only, with the buttons both as JSON and flat keys', () => {
    const map = encodeCardParamMap(reviewCard);
    expect(Object.values(map).every((value) => typeof value === 'string')).toBe(true);
    expect(map).toMatchObject({
      title: '首报待审核',
      markdown: '### ZS-2026-0001\n杭州某某科技 · 滨江区',
      buttonCount: '2',
      button1Label: '通过',
      button1ActionId: 'review-approve',
      button1Value: '/审核 ZS-2026-0001 通过',
      button2ActionId: 'review-reject',
    });
    expect(JSON.parse(map.buttons ?? '')).toEqual(reviewCard.buttons);
  });
});
