/**
 * The renderers of the 首报首谈 and 政策备案/比拼 outcomes (issue #18 point 1), for the variants no
 * integration test reaches: a non-host filing above a ceiling whose finding was recorded before, a
 * host filing that finds nothing new, a /查重 match the asker may not see in full, empty project lists.
 * And user text is marked as the catalogue marks it, so encoders can escape it.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/app/receiver.ts';
import { withoutMarks } from '../../../src/app/user-text.ts';
import { renderPolicyFiled } from '../../../src/messages/policies.ts';
import { renderInvestorCheck, renderProjectList } from '../../../src/messages/projects.ts';

const MARK = '\uE000';

/** The text of a markdown reply; a reply of another kind fails the test. */
function markdownOf(message: Message): string {
  if (message.kind !== 'markdown') throw new Error(`expected markdown, got ${message.kind}`);
  return message.markdown ?? '';
}

const filed = {
  kind: 'filed' as const,
  code: 'ZC-2026-0003',
  unit: '萧山区',
  chain: '集成电路',
  terms: { type: 'TAX_REWARD' as const, ratePct: 60, capWan: null, years: null },
  note: null,
  host: false,
  hosts: ['滨江区'],
  replaced: null,
};

describe('policy filing renderer', () => {
  it('says nothing more about a comparison whose finding was recorded before', () => {
    const comparison = { kind: 'exceeds' as const, finding: null, excess: [] };
    const message = renderPolicyFiled({ ...filed, comparison });
    expect(message).toMatchObject({ kind: 'markdown', title: '政策备案 ZC-2026-0003' });
    expect(markdownOf(message)).not.toContain('比对结果');
    expect(markdownOf(message).split('\n\n')).toHaveLength(1);
  });

  it('a host filing that finds no filing above it adds no re-check line', () => {
    const message = renderPolicyFiled({ ...filed, host: true, comparison: { kind: 'host', findings: [] } });
    expect(markdownOf(message)).not.toContain('重新比对');
    const found = renderPolicyFiled({ ...filed, host: true, comparison: { kind: 'host', findings: ['BP-2026-0001'] } });
    expect(markdownOf(found)).toContain('发现 1 项非承载地政策高于本政策，已记为比拼政策：BP-2026-0001');
  });
});

describe('首报首谈 renderers', () => {
  it('/查重 shows another unit’s project without its code or period, and marks the investor typed', () => {
    const held = renderInvestorCheck({
      kind: 'held',
      matches: [{ code: null, unit: '余杭区', chain: '集成电路', status: 'EXCLUSIVE', until: null }],
    });
    expect(held).toContain('- 余杭区｜集成电路｜首谈期内');
    expect(held).not.toContain('ZS-');
    const free = renderInvestorCheck({ kind: 'free', investor: '杭州某某科技有限公司' });
    expect(free).toContain(`${MARK}杭州某某科技有限公司`);
    expect(withoutMarks(free)).toContain('未发现“杭州某某科技有限公司”的在办首报');
  });

  it('an empty list says how to report, for IPB’s queue and for a unit', () => {
    const pending = renderProjectList({ kind: 'pending', projects: [] });
    expect(pending).toMatchObject({ kind: 'markdown', title: '### 待审核的首报' });
    expect(markdownOf(pending)).toContain('暂无项目。首报请发送：/首报');
    const own = renderProjectList({ kind: 'unit', unit: '萧山区', projects: [] });
    expect(withoutMarks(markdownOf(own))).toContain('### 萧山区的项目\n暂无项目。');
  });
});
