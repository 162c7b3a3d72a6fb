/**
 * The local simulator page in a real browser (the Chromium of the @sparticuz/chromium npm package, driven
 * by playwright-core; see tests/helpers/browser.ts): a newcomer's
 * click-through of 首报首谈 — report, consultation, the 通过 button on the card, the city announcement
 * arriving live, the clock moved to the expiry reminder — then the dashboard, an XLSX download, the
 * guided tour and phone width. Starts the real bot (SIMULATOR_CLOCK=1, temp database, port 0).
 * Screenshots are kept under test-artifacts/ (gitignored) for a human to look at.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { periodEnd } from '../helpers/period.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const DAY_MS = 24 * 60 * 60 * 1000;
const STEP_MS = 15_000;

const dir = tempDir('yipanqi-browser-');
let t: TestBot;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** Font files the page fetched, with their HTTP status. */
const fontResponses: { url: string; status: number }[] = [];
let code = '';
let exclusiveUntil = new Date(0);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestBot(`${dir.path}/bot.db`, {
    env: { SIMULATOR_CLOCK: '1' },
    now: new Date('2026-11-26T01:00:00Z'),
  });
  ({ browser } = await launchBrowser());
  context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/fonts/'))
      fontResponses.push({ url: response.url(), status: response.status() });
  });
  await page.goto(t.bot.address);
  await page.getByTestId('conn').filter({ hasText: '已连接' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  dir.remove();
});

// ---------------------------------------------------------------------------------------------

const messages = (p: Page = page) => p.locator('#msgs [data-testid="msg"]');
const botMessage = (text: string, p: Page = page) => messages(p).filter({ hasText: text }).last();

async function as(userId: string, conversationId: string, p: Page = page): Promise<void> {
  await p.getByTestId('user-select').selectOption(userId);
  await p.getByTestId(`conv-${conversationId}`).click();
  await expect
    .poll(() => p.getByTestId(`conv-${conversationId}`).getAttribute('aria-current'), { timeout: STEP_MS })
    .toBe('true');
}

/** Types into the composer and presses Enter, as a person would; returns the bot's answer bubble. */
async function type(text: string, expected: string, p: Page = page): Promise<Locator> {
  const before = await messages(p).count();
  await p.getByTestId('composer').fill(text);
  await p.getByTestId('composer').press('Enter');
  const reply = messages(p).filter({ hasText: expected }).last();
  await reply.waitFor();
  expect(await messages(p).count()).toBeGreaterThan(before);
  return reply;
}

/** Shanghai wall time for a datetime-local input. */
const localInput = (date: Date) => new Date(date.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16);

// ---------------------------------------------------------------------------------------------

describe('a newcomer clicks through 首报首谈 in the web chat', () => {
  it('draws Chinese with the Noto Sans SC font the bot serves, not a system font', async () => {
    await page.evaluate('document.fonts.ready');
    // The machine running the tests has no CJK font; a fallback would draw empty boxes.
    const loaded = await page.evaluate<string[]>(
      `[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''))`,
    );
    expect(loaded).toContain('Noto Sans SC');
    expect(await page.evaluate<boolean>(`document.fonts.check('15px "Noto Sans SC"', '一盘棋招商协同机器人')`)).toBe(
      true,
    );
    expect(fontResponses.length).toBeGreaterThan(1);
    expect(fontResponses.filter((r) => r.status !== 200)).toEqual([]);
    expect(fontResponses.some((r) => /\/fonts\/files\/noto-sans-sc-[\w-]+\.woff2$/.test(r.url))).toBe(true);
    await page.screenshot({ path: new URL('simulator-start.png', ARTIFACTS).pathname });
  });

  it('opens on the chat, with an empty dashboard one tab away', async () => {
    await page.getByTestId('tab-dash').click();
    await page.getByTestId('chart-pipeline').filter({ hasText: '尚无首报项目' }).waitFor();
    expect(await page.getByTestId('dashboard').textContent()).not.toMatch(/null|undefined|NaN/);
    await page.getByTestId('tab-chat').click();
    expect(await page.getByTestId('dashboard').isVisible()).toBe(false);
  });

  it('shows who I am (unit and roles) and which unit a conversation is bound to', async () => {
    await page.getByTestId('user-select').selectOption('binjiang-li');
    await expect.poll(() => page.getByTestId('user-info').textContent(), { timeout: STEP_MS }).toContain('滨江区');
    expect(await page.getByTestId('user-info').textContent()).toContain('招商专员');
    expect(await page.getByTestId('conv-binjiang').textContent()).toContain('绑定：滨江区');
    // The help beside the box lists what this user may run, and no more.
    const help = await page.getByTestId('help').textContent();
    expect(help).toContain('/首报');
    expect(help).not.toContain('/审核');
  });

  it('reports a project as 滨江区 and gets a markdown answer with the code', async () => {
    await as('binjiang-li', 'binjiang');
    const reply = await type(
      '/首报 项目=量子传感器产业化 投资方=杭州量衡传感科技有限公司 产业链=集成电路 投资额=6.5亿 意向=多轮洽谈',
      '首报成功',
    );
    code = /ZS-\d{4}-\d{4}/.exec((await reply.textContent()) ?? '')?.[0] ?? '';
    expect(code).toBe('ZS-2026-0001');
    // Markdown is rendered, not shown as asterisks.
    expect(await reply.locator('strong', { hasText: code }).count()).toBe(1);
  });

  it('switches to 市投资促进局, where the review card has arrived, and records the consultation', async () => {
    await as('ipb-zhang', 'ipb');
    const card = botMessage(`新首报 ${code}`);
    await card.waitFor();
    expect(await card.locator('[data-testid="card-btn"]').allTextContents()).toEqual(['通过', '驳回']);
    await type(`/征询 ${code} 投资方同意在滨江区首谈`, `已记录 ${code} 的投资方意见`);
  });

  it('clicks 通过 on the card and is told the grant is done', async () => {
    const card = botMessage(`新首报 ${code}`);
    await card.locator('[data-testid="card-btn"]', { hasText: '通过' }).click();
    const reply = botMessage(`已赋予 ${code}`);
    await reply.waitFor();
    expect(await page.getByTestId('action-echo').last().textContent()).toContain('点击了「通过」');
    // A period ends on a date and runs to the end of that day in Shanghai.
    const until = /至 (\d{4})年(\d{1,2})月(\d{1,2})日（/.exec((await reply.textContent()) ?? '');
    expect(until).not.toBeNull();
    const [, y, mo, d] = until!;
    exclusiveUntil = new Date(
      new Date(`${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T00:00:00+08:00`).getTime() + DAY_MS,
    );
    expect(exclusiveUntil.getTime()).toBe(periodEnd(new Date('2026-11-26T01:00:00Z'), 180));
  });

  it('sees the announcement in the city conversation, delivered live without reloading', async () => {
    // Notices arrive over server-sent events; the city conversation already holds it when opened.
    await expect
      .poll(() => page.getByTestId('conv-city').locator('[data-testid="unread"]').textContent(), { timeout: STEP_MS })
      .not.toBe('0');
    await page.getByTestId('conv-city').click();
    const notice = botMessage(`【首谈资格】`);
    await notice.waitFor();
    expect(await notice.textContent()).toContain(code);
    expect(await notice.getAttribute('data-from')).toBe('notification');
  });

  it('moves the clock to 13 days before expiry and sees what the jobs sent, the reminder among it', async () => {
    // 09:00 Shanghai thirteen days before the last day (the stored end is 00:00 after it).
    await page
      .getByTestId('clock-input')
      .fill(localInput(new Date(exclusiveUntil.getTime() - 14 * DAY_MS + 9 * 3_600_000)));
    await page.getByTestId('clock-apply').click();
    const report = page.getByTestId('clock-report');
    await report.waitFor({ state: 'visible', timeout: 45_000 });
    expect(await report.textContent()).toContain('定时任务发出');
    const item = page.getByTestId('clock-report-item').filter({ hasText: '滨江区招商工作群' }).first();
    await item.click();
    const reminder = botMessage('首谈期提醒');
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain(code);
    expect(await reminder.textContent()).toContain('还剩 13 天');
    await page.screenshot({ path: new URL('simulator.png', ARTIFACTS).pathname });
  }, 60_000);
});

describe('the dashboard', () => {
  it('draws the pipeline and the matrix from GET /api/stats, the numbers /统计 gives', async () => {
    const stats = (await t.client.get('/api/stats')).body as {
      projects: { total: number; totals: Record<string, number> };
      matrix: { states: Record<string, number> };
    };
    expect(stats.projects.total).toBe(1);
    await page.getByTestId('tab-dash').click();
    await expect.poll(() => page.getByTestId('kpi-total').textContent(), { timeout: STEP_MS }).toContain('1');
    expect(await page.getByTestId('kpi-exclusive').textContent()).toContain('1');
    // The charts are the bot's ECharts pictures (GET /api/charts/<name>.png), loaded and described.
    expect(await page.getByTestId('chart-pipeline-img').getAttribute('alt')).toContain('滨江区 1 个');
    for (const chart of ['chart-pipeline-img', 'chart-matrix-img']) {
      await expect
        .poll(() => page.evaluate<number>(`document.querySelector('[data-testid="${chart}"]').naturalWidth`), {
          timeout: STEP_MS,
        })
        .toBe(900);
    }
    expect(await page.getByTestId('chart-matrix-img').getAttribute('alt')).toContain(
      `${Object.values(stats.matrix.states).reduce((a, b) => a + b, 0)} 项`,
    );
    expect(await page.getByTestId('dash-expiring').textContent()).toContain(code);
    expect(await page.getByTestId('dashboard').textContent()).not.toMatch(/null|undefined|NaN/);
    await page.getByTestId('clock-report').getByRole('button', { name: '知道了' }).click();
    await page.screenshot({ path: new URL('dashboard.png', ARTIFACTS).pathname });
  });

  it('exports the project ledger and offers a download link that serves the XLSX', async () => {
    await page.getByTestId('tab-chat').click();
    await page.getByTestId('user-select').selectOption('ipb-zhang');
    await page.getByTestId('tab-dash').click();
    expect(await page.getByTestId('export-as').textContent()).toContain('张伟');
    await page.getByTestId('export-projects').click();
    const link = page.getByTestId('download').last();
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/files\/[0-9a-f]{32}\.xlsx\?name=/);
    expect(await link.getAttribute('download')).toMatch(/^首报项目台账_\d{8}_\d{4}\.xlsx$/);
    const response = await fetch(new URL(href!, t.bot.address));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});

describe('a fresh visitor on a phone', () => {
  let phone: Page;

  beforeAll(async () => {
    phone = await context
      .browser()!
      .newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(STEP_MS);
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(t.bot.address);
    await phone.getByTestId('conn').filter({ hasText: '已连接' }).waitFor();
  });

  afterAll(() => phone.close());

  it('fits the screen: nothing scrolls sideways and the composer is reachable', async () => {
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await phone.getByTestId('composer').isVisible()).toBe(true);
  });

  it('is walked through the five steps by the guided tour', async () => {
    expect(await phone.getByTestId('tour').getAttribute('open')).not.toBeNull();
    const step = (n: number) => phone.getByTestId(`tour-step-${n}`);
    const go = async (n: number, send: boolean) => {
      await phone.getByTestId(`tour-go-${n}`).click();
      if (send) await phone.getByTestId('send').click();
      await expect.poll(() => step(n).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    };
    await go(1, true);
    await go(2, true);
    await phone.getByTestId('tour-go-3').click();
    await phone.locator('[data-testid="card-btn"].pulse').click();
    await expect.poll(() => step(3).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await go(4, true);
    // The second unit is told who holds the investor.
    expect(await botMessage('冲突', phone).textContent()).toContain('滨江区');
    await go(5, false);
    expect(await phone.locator('#tour-progress').textContent()).toContain('全部完成');
    await phone.screenshot({ path: new URL('simulator-phone.png', ARTIFACTS).pathname, fullPage: true });
  }, 90_000);

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
