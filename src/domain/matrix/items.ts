/**
 * The 12 items of the policy's attachment 《杭州市“一盘棋”产业链精准招商工作制度事项责任分解》.
 * Name, lead and cooperating units and the deadline text are DESIGN §7's transcription, verbatim;
 * 主要内容 is the attachment's own column, re-joined from the table the PDF extraction flattened.
 * The structured schedule is this bot's reading of each deadline text.
 */

import type { IsoDate } from './dates.ts';

/** The day the policy took effect (六、其他事项). */
export const POLICY_START: IsoDate = '2019-06-06';

/**
 * A cooperating unit: a unit id, or every unit of a kind. "各区、县（市）和产业集聚区（开发区）" is
 * kept as kinds rather than a list of ids so that a platform an administrator adds later is
 * included without re-seeding.
 */
export type CooperatingRef = string;
export const COOPERATING_KIND_PREFIX = 'kind:';
const DISTRICTS_AND_PLATFORMS: CooperatingRef[] = ['kind:DISTRICT', 'kind:PLATFORM'];

/** "相关产业主管部门": 市经信局 is the industry department seeded in every deployment (DESIGN §2). */
const INDUSTRY = 'industry';

export interface Milestone {
  due: IsoDate;
  task: string;
}

export type Repeat =
  /** Due every year on monthDay ('12-31'), starting with firstYear. */
  | { every: 'year'; monthDay: string; firstYear: number; task: string }
  /** A check-in due on the last day of every quarter, starting with firstQuarter ('2019Q3'). */
  | { every: 'quarter'; firstQuarter: string; task: string };

/** The deadlines one lead unit answers for: one-off milestones, then an optional repeat. */
export interface ScheduleChain {
  leadUnitId: string;
  /** The part of the item this chain covers, when the item splits its lead (item 8). */
  part?: string;
  once: Milestone[];
  repeat?: Repeat;
}

export interface ItemSchedule {
  chains: ScheduleChain[];
  /** A quantified yearly target the lead unit reports against (item 4). */
  yearlyTarget?: { min: number; max: number; unit: string };
}

export interface MatrixItemDefinition {
  number: number;
  name: string;
  /** 主要内容. */
  content: string;
  leadUnitIds: string[];
  cooperating: CooperatingRef[];
  /** 配合单位 as the attachment words it. */
  cooperatingText: string;
  /** 完成时限 as the attachment words it. */
  deadlineText: string;
  schedule: ItemSchedule;
}

const COOP_1_3 = '各区、县（市）和产业集聚区（开发区）';

/**
 * Quarterly check-ins for continuous items (9, 12) start with 2019Q3, the first full quarter
 * after the policy took effect on 2019-06-06: a Q2 2019 check-in would have fallen due 24 days
 * into the policy's life, before any lead unit could have organised the work.
 */
export const MATRIX_ITEMS: readonly MatrixItemDefinition[] = [
  {
    number: 1,
    name: '建立产业空间规划联动机制',
    content: '开展杭州城市产业发展与空间模式研究，加强产业空间布局优化整合，实现多规合一。',
    leadUnitIds: ['nrb'],
    cooperating: ['drc', 'ipb', INDUSTRY, ...DISTRICTS_AND_PLATFORMS],
    cooperatingText: `市发改委、市投资促进局、相关产业主管部门，${COOP_1_3}`,
    deadlineText: '2019年12月前完成；以后按年度做好产业空间实施评估工作。',
    schedule: {
      chains: [
        {
          leadUnitId: 'nrb',
          // "2019年12月前完成": before December, so by 30 November (DESIGN §7); the text is shown verbatim.
          once: [{ due: '2019-11-30', task: '建立产业空间规划联动机制' }],
          repeat: { every: 'year', monthDay: '12-31', firstYear: 2020, task: '产业空间实施评估' },
        },
      ],
    },
  },
  {
    number: 2,
    name: '编制《布局导引》',
    content:
      '根据杭州城市整体产业发展空间规划情况及市政府常务会议研究确定的各地重点发展产业链，编制《布局导引》并动态调整优化。',
    leadUnitIds: ['ipb'],
    cooperating: ['drc', INDUSTRY, ...DISTRICTS_AND_PLATFORMS],
    cooperatingText: `市发改委、相关产业主管部门，${COOP_1_3}`,
    deadlineText: '2019年7月底前完成；以后原则上按年度进行优化调整。',
    schedule: {
      chains: [
        {
          leadUnitId: 'ipb',
          once: [{ due: '2019-07-31', task: '完成《布局导引》编制' }],
          repeat: { every: 'year', monthDay: '07-31', firstYear: 2020, task: '《布局导引》优化调整' },
        },
      ],
    },
  },
  {
    number: 3,
    name: '建立产业平台评价体系',
    content: '对各地依据《布局导引》提升重点产业承载平台能级，构建和优化产业生态和项目承接能力等进行综合评价',
    leadUnitIds: ['ipb'],
    cooperating: ['drc', INDUSTRY, ...DISTRICTS_AND_PLATFORMS],
    cooperatingText: `市发改委、相关产业主管部门，${COOP_1_3}`,
    deadlineText: '2019年7月底前完成评价体系，12月底前开展相关评价；以后按年度开展相关工作。',
    schedule: {
      chains: [
        {
          leadUnitId: 'ipb',
          once: [
            { due: '2019-07-31', task: '完成评价体系' },
            { due: '2019-12-31', task: '开展相关评价' },
          ],
          repeat: { every: 'year', monthDay: '12-31', firstYear: 2020, task: '产业平台评价' },
        },
      ],
    },
  },
  {
    number: 4,
    name: '构建产业链精准招商政策体系',
    content: '聚焦我市重点打造产业链和产业集群，制定精准化、个性化市级重点产业“一链一策”，并向重点产业平台倾斜。',
    leadUnitIds: ['ipb'],
    cooperating: [INDUSTRY, ...DISTRICTS_AND_PLATFORMS],
    cooperatingText: `相关产业主管部门，${COOP_1_3}`,
    deadlineText: '按重点产业链推进情况，原则上每年研究制定或修订1—2条产业链政策。',
    schedule: {
      chains: [
        {
          leadUnitId: 'ipb',
          once: [],
          repeat: { every: 'year', monthDay: '12-31', firstYear: 2019, task: '研究制定或修订产业链政策' },
        },
      ],
      yearlyTarget: { min: 1, max: 2, unit: '条产业链政策' },
    },
  },
  {
    number: 5,
    name: '完善重大产业项目招引“一事一议”制度',
    content: '修订完善“一事一议”制度，明确议事条件和决策程序，为重大产业项目招引提供个性化政策支持',
    leadUnitIds: ['ipb'],
    // "其他要素保障部门": the factor departments of 五(二) energy (市发改委) and 五(三) funds (市国资委).
    cooperating: ['finance', 'nrb', 'drc', 'sasac', INDUSTRY],
    cooperatingText: '市财政局、市规划和自然资源局和其他要素保障部门，以及相关产业主管部门',
    deadlineText: '2019年7月底前完成市本级“一事一议”制度修订，并组织实施。',
    schedule: {
      chains: [{ leadUnitId: 'ipb', once: [{ due: '2019-07-31', task: '完成市本级“一事一议”制度修订并组织实施' }] }],
    },
  },
  {
    number: 6,
    name: '加强产业投资促进优惠政策管理',
    content: '对各地产业投资促进政策的制定和执行进行监管，有效防止各地“比拼政策”。',
    leadUnitIds: ['ipb'],
    cooperating: ['audit', 'finance', INDUSTRY],
    cooperatingText: '市审计局、市财政局、相关产业主管部门',
    deadlineText: '2019年7月底前完成相关规则制定，并组织实施。',
    schedule: { chains: [{ leadUnitId: 'ipb', once: [{ due: '2019-07-31', task: '完成相关规则制定并组织实施' }] }] },
  },
  {
    number: 7,
    name: '加强项目招引市级统筹',
    content: '建立招商引资项目首报首谈和市级主谈制度，规范项目招引秩序。',
    leadUnitIds: ['ipb'],
    cooperating: ['finance', INDUSTRY],
    cooperatingText: '市财政局、相关产业主管部门',
    deadlineText: '2019年7月底前完成相关规则制定，并组织实施。',
    schedule: { chains: [{ leadUnitId: 'ipb', once: [{ due: '2019-07-31', task: '完成相关规则制定并组织实施' }] }] },
  },
  {
    number: 8,
    name: '强化存量项目流转监督',
    content: '建立存量项目流转审查制度，防止各区、县（市）和产业平台开展恶性竞争。',
    leadUnitIds: ['ipb', 'finance'],
    cooperating: ['audit', INDUSTRY],
    cooperatingText: '市审计局、相关产业主管部门',
    deadlineText: '2019年12月底前完成相关规则制定，并组织实施；其中完善财政利益共享制度由市财政局牵头。',
    schedule: {
      chains: [
        { leadUnitId: 'ipb', once: [{ due: '2019-12-31', task: '完成相关规则制定并组织实施' }] },
        {
          leadUnitId: 'finance',
          part: '完善财政利益共享制度',
          once: [{ due: '2019-12-31', task: '完善财政利益共享制度' }],
        },
      ],
    },
  },
  {
    number: 9,
    name: '保障重大产业项目招引用地需求',
    content: '根据产业项目投资规模、亩均产值等因素，优先保障全市重大产业项目新增建设用地指标需求。',
    leadUnitIds: ['nrb'],
    cooperating: ['drc', 'ipb'],
    cooperatingText: '市发改委、市投资促进局',
    deadlineText: '根据项目具体情况对其用地需求进行常态化服务和保障。',
    schedule: {
      chains: [
        {
          leadUnitId: 'nrb',
          once: [],
          repeat: { every: 'quarter', firstQuarter: '2019Q3', task: '用地需求常态化服务和保障' },
        },
      ],
    },
  },
  {
    number: 10,
    name: '探索能耗资源要素化利用方式',
    content: '探索能耗指标在重大产业项目上的市级统筹，推进能耗指标在产业发展中的竞争性利用。',
    leadUnitIds: ['drc'],
    cooperating: [INDUSTRY, 'ipb'],
    cooperatingText: '市经信局、市投资促进局',
    deadlineText: '2019年7月底前制定出台相关制度，并组织实施。',
    schedule: { chains: [{ leadUnitId: 'drc', once: [{ due: '2019-07-31', task: '制定出台相关制度并组织实施' }] }] },
  },
  {
    number: 11,
    name: '强化产业投资促进基金统筹',
    content: '围绕我市重点发展产业（链），协调市级各类产业基金，重点产业平台和社会资本，建立重点产业子基金。',
    leadUnitIds: ['sasac'],
    cooperating: ['ipb', INDUSTRY],
    cooperatingText: '市投资促进局、相关产业主管部门',
    deadlineText: '2019年12月底前组建1—2个重点产业子基金，并逐步形成对全市重点产业链招引的覆盖。',
    schedule: {
      chains: [
        {
          leadUnitId: 'sasac',
          once: [{ due: '2019-12-31', task: '组建1—2个重点产业子基金' }],
          repeat: { every: 'quarter', firstQuarter: '2020Q1', task: '重点产业链招引覆盖情况' },
        },
      ],
    },
  },
  {
    number: 12,
    name: '建立重点产业链项目市级股权直投机制',
    content: '围绕我市重点产业链盯引项目，协调市级股权投资平台，提出参与投资建议。',
    leadUnitIds: ['sasac'],
    cooperating: ['ipb', INDUSTRY],
    cooperatingText: '市投资促进局、相关产业主管部门',
    deadlineText: '根据我市重点产业链盯引项目情况，开展常态化服务。',
    schedule: {
      chains: [
        {
          leadUnitId: 'sasac',
          once: [],
          repeat: { every: 'quarter', firstQuarter: '2019Q3', task: '股权直投常态化服务' },
        },
      ],
    },
  },
];

/** Every unit a cooperating list names, given the units that exist now. */
export function resolveCooperating(
  refs: readonly CooperatingRef[],
  units: readonly { id: string; kind: string }[],
): string[] {
  const ids = new Set<string>();
  for (const ref of refs) {
    if (ref.startsWith(COOPERATING_KIND_PREFIX)) {
      const kind = ref.slice(COOPERATING_KIND_PREFIX.length);
      for (const unit of units) if (unit.kind === kind) ids.add(unit.id);
    } else if (units.some((unit) => unit.id === ref)) {
      ids.add(ref);
    }
  }
  return [...ids];
}

/** Reads "3" or "第3项" (already half-width) as an item number; whether it exists is the caller's question. */
export function parseItemNumber(input: string): number | undefined {
  const match = /^第?(\d{1,2})项?$/.exec(input.trim());
  return match === null ? undefined : Number(match[1]);
}
