/** Chinese text drawn into the charts (/统计 图, the simulator dashboard, the 工作简报). */

import type { Message } from '../app/receiver.ts';
import type { DashboardPictureOutcome } from '../services/dashboard-charts.ts';
import { formatDate } from './format.ts';
import { periodName } from './workflow-stats.ts';

export const chartMessages = {
  projectsTitle: () => '各单位首报项目（按状态）',
  projectsEmpty: () => '尚无首报项目',
  raceTitle: (p: { period: string }) => `${p.period}赛马排名（得分）`,
  raceEmpty: () => '本期暂无排名',
  matrixTitle: () => '责任分解表事项状态',
  dashboardTitle: (p: { today: string }) => `一盘棋产业链精准招商 统计图（截至${p.today}）`,
  score: () => '得分',
  projectsUnit: () => '个',
  imageName: (p: { stamp: string }) => `统计图_${p.stamp}.png`,
  imageCaption: (p: { today: string; period: string }) =>
    `统计图（截至${p.today}；赛马排名为${p.period}）。发送 /统计 查看文字版，/简报 月 生成工作简报。`,
} as const;

/** `/统计 图`: the picture, named and captioned. */
export function renderDashboardPicture(outcome: DashboardPictureOutcome): Message {
  const name = chartMessages.imageName({ stamp: outcome.stamp });
  const caption = chartMessages.imageCaption({ today: formatDate(outcome.at), period: periodName(outcome.period) });
  return { kind: 'image', title: name, text: caption, image: { name, path: outcome.path } };
}
