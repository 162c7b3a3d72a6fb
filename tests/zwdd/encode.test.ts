import { describe, expect, it } from 'vitest';
import {
  encodeRobotMessages,
  encodeWorkNotifications,
  split,
  WORK_NOTIFICATION_MSG_LIMIT_BYTES,
} from '../../src/adapters/zwdd/encode.ts';
import type { Message } from '../../src/app/receiver.ts';
import { markUserText } from '../../src/app/user-text.ts';

const TEXT = { commandListHeading: '发送以下命令即可办理：', fallbackTitle: '一盘棋招商通知' };
const FOOTER = '（2026年12月1日 09:00 · 通知编号 42）';

describe('浙政钉 encoding', () => {
  it('renders a decision as markdown listing the exact commands to type', () => {
    const card: Message = {
      kind: 'card',
      title: '首报待审核',
      markdown: '**ZS-2026-0001** 安防芯片',
      buttons: [
        { actionId: 'command', value: '/审核 ZS-2026-0001 通过', label: '通过' },
        { actionId: 'command', value: '/审核 ZS-2026-0001 驳回', label: '驳回' },
      ],
    };
    const [group] = encodeRobotMessages(card, TEXT);
    expect(group!.msgType).toBe('markdown');
    expect(JSON.parse(group!.msgBody)).toEqual({
      title: '首报待审核',
      text: '**ZS-2026-0001** 安防芯片\n\n发送以下命令即可办理：\n\n- 通过：`/审核 ZS-2026-0001 通过`\n- 驳回：`/审核 ZS-2026-0001 驳回`',
    });
    const [notice] = encodeWorkNotifications(card, TEXT, FOOTER);
    expect(JSON.parse(notice!)).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: '首报待审核', text: expect.stringContaining(`\`/审核 ZS-2026-0001 驳回\`\n\n${FOOTER}`) },
    });
  });

  it('sends text as text and derives a title from the first line', () => {
    expect(JSON.parse(encodeWorkNotifications({ kind: 'text', text: '您已被授予角色' }, TEXT, FOOTER)[0]!)).toEqual({
      msgtype: 'text',
      text: { content: `您已被授予角色\n${FOOTER}` },
    });
    expect(
      JSON.parse(encodeRobotMessages({ kind: 'markdown', markdown: '## 台账提醒\n正文' }, TEXT)[0]!.msgBody).title,
    ).toBe('台账提醒');
    expect(JSON.parse(encodeRobotMessages({ kind: 'markdown', markdown: '' }, TEXT)[0]!.msgBody).title).toBe(
      '一盘棋招商通知',
    );
  });

  it('splits a long work notification into numbered parts, each msg ≤ 2048 bytes with the footer, losing no character', () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `第${i + 1}行：滨江区“数字安防”项目进展😀 & <b> "引号" \\ 反斜杠`,
    );
    const parts = encodeWorkNotifications(
      { kind: 'markdown', title: '台账', markdown: lines.join('\n') },
      TEXT,
      FOOTER,
    );
    expect(parts.length).toBeGreaterThan(3);
    for (const [index, part] of parts.entries()) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(WORK_NOTIFICATION_MSG_LIMIT_BYTES);
      const body = JSON.parse(part) as { markdown: { title: string; text: string } };
      expect(body.markdown.title).toBe(`台账 (${index + 1}/${parts.length})`);
      expect(body.markdown.text.startsWith(`(${index + 1}/${parts.length})\n\n`)).toBe(true);
      expect(body.markdown.text.endsWith(FOOTER)).toBe(true);
    }
    const rejoined = parts
      .map((p) =>
        (JSON.parse(p) as { markdown: { text: string } }).markdown.text
          .replace(/^\(\d+\/\d+\)\n\n/, '')
          .replace(`\n\n${FOOTER}`, ''),
      )
      .join('\n');
    expect(rejoined).toBe(lines.join('\n'));
  });

  it('cuts a single line longer than the budget between code points', () => {
    const line = '招'.repeat(3000);
    const parts = split(line, 1000, 'text');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.replace(/^\(\d+\/\d+\)\n/, '')).join('')).toBe(line);
  });

  it('splits the same way on a retry whose footer date is a little longer', () => {
    const message: Message = {
      kind: 'markdown',
      markdown: Array.from({ length: 60 }, (_, i) => `第${i}行 内容内容内容内容`).join('\n'),
    };
    const count = (footer: string) => encodeWorkNotifications(message, TEXT, footer).length;
    expect(count('（2026年1月1日 09:00 · 通知编号 7）')).toBe(count('（2026年12月31日 19:00 · 通知编号 7）'));
  });

  it('refuses an envelope that leaves no room for text', () => {
    expect(() => encodeWorkNotifications({ kind: 'text', text: 'x' }, TEXT, '注'.repeat(700))).toThrow(RangeError);
  });

  it('makes user text inert in markdown, shows it as typed in text and titles, and never sends a mark', () => {
    const name = markUserText('[点我](http://evil.example)\n# 假标题');
    const [markdown] = encodeRobotMessages(
      { kind: 'markdown', title: `项目 ${name}`, markdown: `**项目**：${name}` },
      TEXT,
    );
    const body = JSON.parse(markdown!.msgBody) as { title: string; text: string };
    expect(body.text).toBe('**项目**：［点我］(http://evil.example) # 假标题');
    expect(body.title).toBe(`${'项目 [点我](http://evil.example) # 假标题'.slice(0, 30)}…`);
    const [text] = encodeWorkNotifications({ kind: 'text', text: `项目：${name}` }, TEXT, FOOTER);
    expect(JSON.parse(text!).text.content).toBe(`项目：[点我](http://evil.example) # 假标题\n${FOOTER}`);
    expect(`${markdown!.msgBody}${text}`).not.toMatch(/[\uE000\uE001]/);
  });
});
