/**
 * DEMO DATA — a plausible layout guide for the local simulator and tests, NOT the published
 * 《杭州市重点产业（链）投资布局导引》. The chains are ones Hangzhou does emphasise, and the hosts are
 * districts and demo platforms with a real presence in them, but the assignments are illustrative.
 * A real deployment imports the published guide with /布局导引 导入.
 *
 * Other tests rely on: 滨江区 hosts 集成电路 and 数字安防; 萧山区 hosts 新能源汽车; 余杭区 hosts 人工智能
 * and 生物医药; 新能源汽车 is hosted neither by 滨江区 nor by a platform inside it.
 */
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { guideRepository } from '../../src/db/repositories/guide-repository.ts';
import { shanghaiDay } from '../../src/domain/matrix/dates.ts';

const DEMO_NOTE =
  '演示数据（DEMO DATA）：仅供模拟器演示和测试，内容合理但并非正式发布的《布局导引》。正式使用前请以 /布局导引 导入 正式版本。';

/** Chain → host unit ids (districts by pinyin, demo platforms of prisma/seed/organisation.ts). */
const DEMO_GUIDE: readonly (readonly [chain: string, hosts: readonly string[]])[] = [
  ['数字安防', ['binjiang', 'binjiang-hitech']],
  ['集成电路', ['binjiang', 'qiantang']],
  ['人工智能', ['yuhang', 'xihu']],
  ['智能物联', ['binjiang-hitech', 'qingshanhu']],
  ['云计算与大数据', ['xihu', 'future-sci-city']],
  ['生物医药', ['qiantang', 'yuhang']],
  ['新能源汽车', ['xiaoshan', 'qiantang']],
  ['高端装备', ['xiaoshan-etdz', 'linping', 'fuyang']],
  ['新材料', ['qingshanhu', 'jiande']],
  ['航空航天', ['qiantang', 'fuyang']],
  ['数字文创', ['xihu', 'shangcheng']],
  ['节能环保', ['fuyang', 'tonglu']],
];

/** Idempotent: does nothing once any guide version exists (an administrator's guide is never overwritten). */
export async function seedDemoLayoutGuide(prisma: PrismaClient, now: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    if ((await guideRepository.count(tx)) > 0) return;
    const assignments = DEMO_GUIDE.flatMap(([chain, hosts]) => hosts.map((unitId) => ({ chain, unitId })));
    await guideRepository.createVersion(
      tx,
      { year: shanghaiDay(now).year, createdBy: 'demo-seed', note: DEMO_NOTE, assignments },
      now,
    );
  });
}
