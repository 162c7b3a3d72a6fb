/**
 * The words of the commands that cards offer as buttons. A command's declaration (commands/) and
 * every button that runs it (built with `buttonFor`) read the same constants, so renaming a verb
 * renames it on every card; tests/unit/commands/buttons.test.ts checks each button parses as its
 * command. The first spelling of a verb is the one a button writes.
 */

export interface CommandWords {
  /** The command's Chinese name, as typed after the slash. */
  readonly name: string;
  readonly verbs: Readonly<Record<string, readonly [string, ...string[]]>>;
}

const words = <W extends CommandWords>(w: W): W => w;

export const REVIEW_WORDS = words({
  name: '审核',
  verbs: { grant: ['通过', '同意', 'grant', 'approve'], deny: ['驳回', '不通过', 'deny', 'reject'] },
});

export const CITY_LED_WORDS = words({
  name: '市级主谈',
  verbs: {
    approve: ['批准', 'approve'],
    decline: ['不批准', 'decline'],
    group: ['专项组', 'group'],
    meeting: ['协调会', 'meeting'],
    minutes: ['纪要', '会议纪要', 'minutes'],
    plan: ['方案', '落地方案', 'plan'],
    new: ['新建', 'new'],
  },
});

export const SUPPORT_CASE_WORDS = words({
  name: '一事一议',
  verbs: {
    // IPB's screening under rule R10: `/一事一议 审核 <编号> 通过|退回 <理由>`.
    screen: ['审核', 'screen'],
    pass: ['通过', 'pass'],
    return: ['退回', 'return'],
    decide: ['决议', 'decide'],
    escalate: ['提交财经委', '提交市委财经委', '提交市委财经委员会', 'escalate'],
    approve: ['同意', '通过', 'approve'],
    reject: ['不同意', '不通过', 'reject'],
  },
});

/** /评审's verdicts are the domain's labels (domain/transfers/voting.ts), read by its own splitter. */
export const VOTE_WORDS = words({ name: '评审', verbs: {} });

export const OVERBID_WORDS = words({
  name: '比拼',
  verbs: { dispose: ['处置', 'dispose'], opinion: ['意见', 'opinion'] },
});
