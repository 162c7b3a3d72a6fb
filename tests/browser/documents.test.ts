/**
 * Issue 15 in a real browser: the dashboard shows this year's workflow figures and the bot's own
 * ECharts pictures, a 工作简报 is generated and downloaded from the simulator page and read back, and
 * /统计 图 shows its picture in the chat. Screenshots go to test-artifacts/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { readDocx } from '../helpers/docx.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const STEP_MS = 15_000;
const dir = tempDir('yipanqi-browser-documents-');
let t: TestBot;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestBot(`${dir.path}/bot.db`, { now: new Date('2026-11-10T02:00:00Z') });
  const say = (user: string, conv: string, text: string) => t.client.say(user, conv, text);
  await say(
    'binjiang-li',
    'binjiang',
    '/首报 项目=射频芯片 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
  );
  await say(
    'xiaoshan-wang',
    'xiaoshan',
    '/首报 项目=整车基地 投资方=杭州远途汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
  );
  await say('ipb-zhang', 'ipb', '/征询 ZS-2026-0001 投资方同意');
  await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过');
  await say('binjiang-li', 'binjiang', '/进展 ZS-2026-0001 签约 已签投资协议');
  await say('binjiang-li', 'binjiang', '/进展 ZS-2026-0001 落地 已开工');
  t.clock.set(new Date('2026-12-03T02:00:00Z'));
  ({ browser } = await launchBrowser());
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  ).newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(t.bot.address);
  await page.getByTestId('conn').filter({ hasText: '已连接' }).waitFor();
  await page.getByTestId('user-select').selectOption('ipb-zhang');
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  dir.remove();
});

const naturalWidth = (testid: string) =>
  page.evaluate<number>(`document.querySelector('[data-testid="${testid}"]')?.naturalWidth ?? 0`);

describe('the dashboard with the new figures', () => {
  it("shows this year's signings, landings and amounts, and the server's charts", async () => {
    await page.getByTestId('tab-dash').click();
    await expect
      .poll(() => page.getByTestId('kpi-year-signings').textContent(), { timeout: STEP_MS })
      .toContain('2026年签约');
    expect(await page.getByTestId('kpi-year-signings').textContent()).toContain('1');
    expect(await page.getByTestId('kpi-year-landed').textContent()).toContain('9亿元');
    for (const chart of ['chart-pipeline-img', 'chart-race-img', 'chart-matrix-img'])
      await expect.poll(() => naturalWidth(chart), { timeout: STEP_MS }).toBe(900);
    expect(await page.getByTestId('dashboard').textContent()).not.toMatch(/null|undefined|NaN/);
    await page.screenshot({ path: new URL('dashboard-documents.png', ARTIFACTS).pathname, fullPage: true });
  });
});

describe('a 工作简报 from the simulator page', () => {
  it('is generated from the dashboard button and downloads as a Word file whose table adds up', async () => {
    await page.getByTestId('briefing-month').click();
    const link = page.locator('[data-testid="download"][download$=".docx"]').last();
    await link.waitFor();
    expect(await link.getAttribute('download')).toMatch(
      /^2026年11月“一盘棋”首报首谈工作情况（草稿）_\d{8}_\d{4}\.docx$/,
    );
    const response = await fetch(new URL((await link.getAttribute('href')) ?? '', t.bot.address));
    expect(response.headers.get('content-type')).toContain('wordprocessingml');
    const doc = readDocx(Buffer.from(await response.arrayBuffer()));
    expect(doc.tables[0]?.at(-1)?.slice(0, 8)).toEqual(['全市合计', '2', '1', '0', '0', '0', '1', '1']);
    expect(doc.media.size).toBe(3);
    await page.screenshot({ path: new URL('briefing-download.png', ARTIFACTS).pathname });
  });

  it('shows the /统计 图 picture in the chat', async () => {
    await page.getByTestId('tab-dash').click();
    await page.getByTestId('stats-picture').click();
    const image = page.locator('[data-testid="image"] img').last();
    await image.waitFor();
    await expect
      .poll(
        () =>
          page.evaluate<number>(
            `[...document.querySelectorAll('[data-testid="image"] img')].at(-1)?.naturalWidth ?? 0`,
          ),
        { timeout: STEP_MS },
      )
      .toBe(900);
    expect(pageErrors).toEqual([]);
  });
});
