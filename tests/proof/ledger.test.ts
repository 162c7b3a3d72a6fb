import { describe, expect, it } from 'vitest';
import type { SentMessage } from '../dingtalk/fake-dingtalk-server.ts';
import { deliveryLedger, type OutboxRow } from './ledger.ts';

/** The proofs are only as good as their counting: it must see a loss, a repeat and a stranger. */

const row = (
  id: number,
  to: { conversationId?: string; userId?: string },
  message: object,
  replyContext: object | null = null,
  kind = 'NOTICE',
): OutboxRow => ({
  id,
  kind,
  toConversationId: to.conversationId ?? null,
  toUserId: to.userId ?? null,
  message: JSON.stringify(message),
  replyContext: replyContext === null ? null : JSON.stringify(replyContext),
  status: 'DELIVERED',
});

const rows: OutboxRow[] = [
  row(
    1,
    { conversationId: 'city' },
    { kind: 'text', text: '已授予' },
    { target: 'http://fake/robot/sendBySession?session=s' },
    'REPLY',
  ),
  row(2, { conversationId: 'binjiang' }, { kind: 'text', text: '甲' }),
  row(3, { conversationId: 'binjiang' }, { kind: 'text', text: '乙' }),
  row(4, { userId: 'li' }, { kind: 'text', text: '丙' }),
  row(
    5,
    { conversationId: 'ipb' },
    {
      kind: 'card',
      markdown: '首报',
      buttons: [{ actionId: 'command', value: '/审核 ZS-2026-0001 通过', label: '通过' }],
    },
  ),
  row(6, { conversationId: 'ipb' }, { kind: 'card', markdown: '已通过' }, { cardId: '5' }, 'REPLY'),
];

describe('deliveryLedger', () => {
  it('counts each row once across merged notices, keyed resends and card updates', () => {
    const sent: SentMessage[] = [
      { seq: 1, via: 'webhook', to: { conversationId: 'city' }, body: { msgUuid: '1' } },
      {
        seq: 2,
        via: 'group',
        to: { conversationId: 'binjiang' },
        msgKey: 'sampleMarkdown',
        msgParam: { title: '甲', text: '甲\n\n---\n\n乙' },
      },
      { seq: 3, via: 'oto', to: { userId: 'li' }, msgKey: 'sampleText', msgParam: { content: '丙' } },
      { seq: 4, via: 'card', to: { conversationId: 'ipb' }, body: { outTrackId: '5' } },
      { seq: 5, via: 'card-update', to: { outTrackId: '5' }, body: {} },
    ];
    const ledger = deliveryLedger(rows, sent, [{ seq: 1, via: 'webhook', key: '1', firstSeq: 1 }], {
      cardTemplate: true,
    });
    expect(ledger.notifications.map((n) => [n.id, n.channel, n.shown, n.attempts])).toEqual([
      [1, 'webhook', 1, 2],
      [2, 'group', 1, 1],
      [3, 'group', 1, 1],
      [4, 'oto', 1, 1],
      [5, 'card', 1, 1],
      [6, 'card-update', 1, 1],
    ]);
    expect([ledger.lost, ledger.duplicated, ledger.duplicateMessages, ledger.unaccounted]).toEqual([[], [], [], []]);
  });

  it('reports a lost row, a repeat and a message no row accounts for', () => {
    const sent: SentMessage[] = [
      { seq: 1, via: 'webhook', to: { conversationId: 'city' }, body: { msgUuid: '1' } },
      { seq: 2, via: 'group', to: { conversationId: 'binjiang' }, msgKey: 'sampleText', msgParam: { content: '甲' } },
      {
        seq: 3,
        via: 'group',
        to: { conversationId: 'binjiang' },
        msgKey: 'sampleMarkdown',
        msgParam: { title: '甲', text: '甲\n\n---\n\n乙' },
      },
      { seq: 4, via: 'oto', to: { userId: 'li' }, msgKey: 'sampleText', msgParam: { content: '丁' } },
      { seq: 5, via: 'card', to: { conversationId: 'ipb' }, body: { outTrackId: '5' } },
      { seq: 6, via: 'card-update', to: { outTrackId: '5' }, body: {} },
      { seq: 7, via: 'card-update', to: { outTrackId: '5' }, body: {} },
    ];
    const ledger = deliveryLedger(rows, sent, [], { cardTemplate: true });
    expect(ledger.lost.map((n) => n.id)).toEqual([4]);
    expect(ledger.duplicated.map((n) => n.id)).toEqual([2, 6]);
    expect(ledger.duplicateMessages).toEqual([
      { seq: 3, via: 'group' },
      { seq: 7, via: 'card-update' },
    ]);
    expect(ledger.unaccounted).toEqual([{ seq: 4, via: 'oto', text: '丁' }]);
  });
});
