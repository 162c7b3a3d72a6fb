import { describe, expect, it } from 'vitest';
import { classifyFailure, messageUuid } from '../../src/adapters/lark/api-client.ts';
import { markUserText } from '../../src/app/user-text.ts';
import { decodeCardAction, decodeMessageEvent } from '../../src/adapters/lark/decode.ts';
import { encodeCard, encodeLarkMessages, RICH_LIMIT_BYTES, TEXT_LIMIT_BYTES } from '../../src/adapters/lark/encode.ts';

const options = { fallbackTitle: '一盘棋招商通知', chat: 'group' as const };

describe('Lark encoding', () => {
  it('sends plain text as text, mentioning users with <at>, and markdown as a post with an md element', () => {
    const [text] = encodeLarkMessages({ kind: 'text', text: '已授予', atUserIds: ['ou_1'] }, options);
    expect(text).toEqual({ msgType: 'text', content: JSON.stringify({ text: '已授予 <at user_id="ou_1"></at>' }) });
    const [post] = encodeLarkMessages(
      { kind: 'markdown', title: '运行统计', markdown: '### 运行统计\n- **3** 人' },
      options,
    );
    expect(post?.msgType).toBe('post');
    // The md element has no headings: they become bold lines.
    expect(JSON.parse(post!.content)).toEqual({
      zh_cn: { title: '运行统计', content: [[{ tag: 'md', text: '**运行统计**\n- **3** 人' }]] },
    });
  });

  it('builds a schema 2.0 card whose buttons call back with the action, the command and the chat type', () => {
    const card = encodeCard(
      {
        kind: 'card',
        title: '待审核',
        markdown: '请审核',
        buttons: [{ actionId: 'command', value: '/审核 ZS-2026-0001 通过', label: '通过' }],
      },
      { ...options, chat: 'direct' },
    );
    expect(card).toMatchObject({
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: '待审核' } },
    });
    expect((card.body as { elements: unknown[] }).elements).toEqual([
      { tag: 'markdown', content: '请审核' },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '通过' },
        type: 'primary',
        behaviors: [
          { type: 'callback', value: { action: 'command', value: '/审核 ZS-2026-0001 通过', chat: 'direct' } },
        ],
      },
    ]);
  });

  it('splits long content within the documented limits, numbering the parts and keeping buttons on the last', () => {
    const long = Array.from({ length: 4000 }, (_, i) => `第 ${i} 行：杭州市“一盘棋”产业链精准招商`).join('\n');
    const cards = encodeLarkMessages(
      { kind: 'card', markdown: long, buttons: [{ actionId: 'command', value: '/帮助', label: '帮助' }] },
      options,
    );
    expect(cards.length).toBeGreaterThan(1);
    for (const part of cards) expect(Buffer.byteLength(part.content)).toBeLessThanOrEqual(RICH_LIMIT_BYTES);
    expect(cards.map((c) => c.content.includes('"tag":"button"'))).toEqual(cards.map((_, i) => i === cards.length - 1));
    expect(cards[0]!.content).toContain(`(1/${cards.length})`);
    const texts = encodeLarkMessages({ kind: 'text', text: long.repeat(3) }, options);
    for (const part of texts) expect(Buffer.byteLength(part.content)).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
    expect(
      texts.map((t) => (JSON.parse(t.content) as { text: string }).text.replace(/^\(\d+\/\d+\)\n/, '')).join('\n'),
    ).toBe(long.repeat(3));
  });

  it('renders what users typed as text: no forged mention, link, tag or heading, and no mark reaches the chat', () => {
    const hostile = markUserText('<at user_id="all"></at>[点此领取](http://evil.example)\n# 假通知');
    const [text] = encodeLarkMessages({ kind: 'text', text: `项目：${hostile}` }, options);
    const shown = (JSON.parse(text!.content) as { text: string }).text;
    expect(shown).not.toMatch(/<at|\[点此领取\]|[\uE000\uE001]/);
    expect(shown).toContain('点此领取');
    const card = encodeCard(
      {
        kind: 'card',
        title: markUserText('名称\n# 标题'),
        markdown: `### 审核\n${hostile}`,
        buttons: [{ actionId: 'command', value: `/审核 ${markUserText('X')} 通过`, label: markUserText('通过') }],
      },
      options,
    );
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/<at|\[点此领取\]|\\n# |[\uE000\uE001]/);
    expect(json).toContain('### 审核');
    expect(card).toMatchObject({ header: { title: { content: '名称 # 标题' } } });
    const [post] = encodeLarkMessages({ kind: 'markdown', markdown: hostile }, options);
    const body = JSON.parse(post!.content) as { zh_cn: { title: string; content: { text: string }[][] } };
    expect(body.zh_cn.content[0]![0]!.text).not.toMatch(/<at|\[点此领取\]|\n# |[\uE000\uE001]/);
    // The title is plain text on Lark: shown as typed, only without the marks.
    expect(body.zh_cn.title).not.toMatch(/[\uE000\uE001]/);
  });

  it('derives a send uuid from the installation, the outbox row and the part: stable, distinct, within 50 characters', () => {
    expect(messageUuid('inst-a', '41', 0)).toBe(messageUuid('inst-a', '41', 0));
    expect(
      new Set([
        messageUuid('inst-a', '41', 0),
        messageUuid('inst-b', '41', 0),
        messageUuid('inst-a', '42', 0),
        messageUuid('inst-a', '41', 1),
      ]).size,
    ).toBe(4);
    expect(messageUuid('inst-a', '41', 0).length).toBeLessThanOrEqual(50);
  });
});

describe('Lark failure classification', () => {
  it('retries rate limits after x-ogw-ratelimit-reset, or a second without it; retries 5xx and token refusals', () => {
    expect(classifyFailure(429, 99991400, 'limit', '2')).toMatchObject({ status: 'retry', retryAfterMs: 2000 });
    expect(classifyFailure(400, 99991400, 'limit', undefined)).toMatchObject({ status: 'retry', retryAfterMs: 1000 });
    expect(classifyFailure(400, 230020, 'frequency', undefined)).toMatchObject({ status: 'retry' });
    expect(classifyFailure(502, undefined, '', undefined)).toMatchObject({ status: 'retry' });
    expect(classifyFailure(400, 99991663, 'invalid token', undefined)).toMatchObject({ status: 'retry' });
  });

  it('gives up on a destination the platform refuses for good', () => {
    for (const code of [230002, 230013, 232009, 230034, 230001])
      expect(classifyFailure(400, code, '', undefined).status).toBe('dead');
  });
});

describe('Lark decoding', () => {
  const message = (overrides: Record<string, unknown>) => ({
    sender: { sender_id: { open_id: 'ou_li' }, sender_type: 'user' },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_1',
      chat_type: 'group',
      message_type: 'text',
      content: '{"text":"@_user_1 /帮助"}',
      mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: '机器人' }],
      ...overrides,
    },
  });

  it('ignores group messages not addressed to the bot and messages from apps', () => {
    expect(decodeMessageEvent(message({ mentions: [] }), 'ou_bot')).toEqual({
      ignored: 'group message without an @-mention of the bot',
    });
    expect(
      decodeMessageEvent({ ...message({}), sender: { sender_id: { open_id: 'ou_x' }, sender_type: 'app' } }, 'ou_bot'),
    ).toMatchObject({ ignored: expect.any(String) });
    expect(decodeMessageEvent(message({}), 'ou_bot')).toMatchObject({
      ok: true,
      event: { text: '/帮助', mentions: [] },
    });
  });

  it('refuses malformed events and card values it did not build, without throwing', () => {
    expect(decodeMessageEvent({ message: {} }, 'ou_bot')).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(decodeMessageEvent(message({ content: 'not json' }), 'ou_bot')).toMatchObject({
      ok: true,
      event: { text: '' },
    });
    expect(
      decodeCardAction({
        event_id: 'e',
        operator: { open_id: 'ou_1' },
        action: { value: '/帮助' },
        context: { open_message_id: 'om', open_chat_id: 'oc' },
      }),
    ).toMatchObject({ ok: false });
  });
});
