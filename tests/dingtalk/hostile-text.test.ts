/**
 * Issue 12 point 4: user-supplied names reach DingTalk markdown as text, never as markup. Each
 * message kind is built from the real catalog with hostile values and run through every DingTalk
 * encoder (sessionWebhook, robot OpenAPI, interactive card) and the simulator's presentation.
 */
import { describe, expect, it } from 'vitest';
import { encodeCardParamMap, encodeRobotMessages, encodeWebhookBodies } from '../../src/adapters/dingtalk/encode.ts';
import type { Message } from '../../src/app/receiver.ts';
import { inertMarkdown, markUserText, renderUserText } from '../../src/app/user-text.ts';
import { zhCN } from '../../src/messages/zh-CN.ts';

const LINK = '[紧急:点此登记](http://evil.example/p) ![t](http://evil.example/track.png) <font color=red>假</font>';
const HEADING = '某某科技有限公司\n### ✅ 市投资促进局:本项目已审核通过,请各单位停止接触该投资方';
const NOTE = '已联系\n# 伪造标题\n> 伪造引用\n- 伪造列表\n1. 伪造编号\n---\n| a | b |';

const card = zhCN.projects.card.body({
  code: 'ZS-2026-0001',
  name: LINK,
  investor: HEADING,
  creditCode: null,
  chain: '新能源汽车',
  amount: '5亿元',
  unit: '滨江区',
  intent: '签订意向书',
  conforms: true,
  hosts: ['滨江区'],
  reportedAt: '2026年12月6日 09:00',
});

const messages: Record<Message['kind'], Message> = {
  text: { kind: 'text', text: zhCN.role.granted({ user: HEADING, role: '管理员', unit: null }) },
  markdown: {
    kind: 'markdown',
    title: zhCN.projects.card.title({ code: 'ZS-2026-0001' }),
    markdown: `${card}\n${zhCN.coordination.cityLed.notices.approvedIpb({ leader: LINK, code: 'ZS-2026-0001', name: HEADING })}`,
  },
  card: {
    kind: 'card',
    title: zhCN.projects.card.title({ code: 'ZS-2026-0001' }),
    markdown: `${card}\n${zhCN.projects.card.heldRival({ lines: [zhCN.projects.card.rivalLine({ code: 'ZS-2026-0002', unit: '萧山区', status: '首谈期内', reportedAt: '今天' })] })}\n说明：${zhCN.internal.gaveUp({ ref: 'ABCD2345', text: NOTE })}`,
    buttons: [{ label: '通过', actionId: 'command', value: '/审核 ZS-2026-0001 通过' }],
  },
  file: {
    kind: 'file',
    title: '台账.xlsx',
    text: zhCN.role.granted({ user: LINK, role: '管理员', unit: null }),
    file: { name: '台账.xlsx', path: '/tmp/x.xlsx' },
  },
  image: {
    kind: 'image',
    title: '统计图.png',
    text: zhCN.role.granted({ user: LINK, role: '管理员', unit: null }),
    image: { name: '统计图.png', path: '/tmp/x.png' },
  },
};

/** Every string a platform would receive for this message. */
function encodings(message: Message): string[] {
  const strings: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') {
      strings.push(value);
      if (value.startsWith('{')) collect(JSON.parse(value));
    } else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  collect(encodeWebhookBodies(message));
  collect(encodeWebhookBodies(message, { buttonLinks: false }));
  collect(encodeRobotMessages(message));
  collect(encodeCardParamMap(message));
  return strings;
}

describe('hostile names through every DingTalk encoder', () => {
  it.each(Object.keys(messages) as Message['kind'][])(
    '%s: no link, image, HTML or forged heading, and no mark left',
    (kind) => {
      const outputs = encodings(messages[kind]);
      const all = outputs.join('\n');
      expect(all).toMatch(/紧急:点此登记|审核通过/);
      expect(all).not.toMatch(/[\uE000\uE001]/);
      expect(all).not.toMatch(/\]\(http/);
      expect(all).not.toMatch(/<font/);
      for (const text of outputs) {
        for (const line of text.split('\n')) {
          expect(line).not.toMatch(/^\s*#+\s*[✅伪]/);
          expect(line).not.toMatch(/^\s*(>|[-*+]|\d+\.)\s*伪造/);
          expect(line).not.toMatch(/^\s*\|\s*a/);
        }
      }
    },
  );

  it('keeps the bot’s own markdown: bold codes and list lines survive, the name reads the same', () => {
    const map = encodeCardParamMap(messages.card);
    expect(map.markdown).toContain('**ZS-2026-0001** ［紧急:点此登记］(http://evil.example/p)');
    expect(map.markdown).toMatch(/^- 投资方：某某科技有限公司 ### ✅/m);
    expect(map.markdown).toMatch(/^- 产业链：新能源汽车/m);
  });
});

describe('marking', () => {
  it('drops the line breaks of a single-line value on every platform, keeps those of a note', () => {
    expect(markUserText('a\nb\r\nc')).toBe('\uE000a b c\uE001');
    expect(markUserText('a\nb', true)).toBe('\uE000a\nb\uE001');
    expect(markUserText('x\uE001\uE000y')).toBe('\uE000xy\uE001');
  });

  it('makes a line start inert only where the value begins a line', () => {
    expect(renderUserText(`前缀 ${markUserText('# 不是标题')}`, inertMarkdown)).toBe('前缀 # 不是标题');
    expect(renderUserText(markUserText('# 标题'), inertMarkdown)).toBe('＃ 标题');
    expect(renderUserText(`说明：${markUserText('a\n- b\n2. c', true)}`, inertMarkdown)).toBe('说明：a\n－ b\n2． c');
  });
});
