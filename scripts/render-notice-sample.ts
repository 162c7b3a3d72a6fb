/**
 * Renders docs/sample-notice.png: the first page of a 通报 draft the bot writes, for the README.
 *
 * LibreOffice is not available here, so this does not use a word processor. It starts the real bot on
 * a temporary database, drafts `/通报 违规` through the simulator API exactly as an officer would, keeps
 * the .docx (docs/sample-notice.docx), then lays out that file's own word/document.xml — page size and
 * margins from w:pgSz/w:pgMar, line pitch from w:docGrid, each paragraph's alignment, first-line
 * indent, run size, colour and font — as an A4 HTML page, and photographs it with the npm-packaged
 * Chromium. The CJK font is Noto Sans SC (from @fontsource) standing in for 方正小标宋/仿宋_GB2312,
 * which are not installed; Word would also wrap lines on its character grid slightly differently.
 *
 *   npx tsx scripts/render-notice-sample.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { unzip } from '../tests/helpers/docx.ts';
import { startTestBot, tempDir } from '../tests/helpers/test-bot.ts';

const DOCS = new URL('../docs/', import.meta.url);

async function draftSample(): Promise<Buffer> {
  const dir = tempDir('yipanqi-sample-');
  const t = await startTestBot(`${dir.path}/bot.db`, { now: new Date('2026-11-10T02:00:00Z') });
  try {
    const say = (user: string, conv: string, text: string) => t.client.say(user, conv, text);
    await say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=射频芯片产业化 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
    );
    await say('ipb-zhang', 'ipb', '/征询 ZS-2026-0001 投资方确认优先在滨江区洽谈落地');
    await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过');
    t.clock.set(new Date('2026-12-03T02:00:00Z'));
    // 萧山区 reports the investor 滨江区 holds: the violation is recorded on the project 萧山区 introduced.
    await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=射频芯片二期 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=2.5亿 意向=实地考察',
    );
    await say(
      'ipb-zhang',
      'ipb',
      '/违规 ZS-2026-0002 单位=萧山区 说明=在滨江区首谈期内多次与投资方接洽并提出更优供地条件',
    );
    const replies = (await t.client.send('ipb-zhang', 'dm:ipb-zhang', '/通报 违规 ZS-2026-0002')) as {
      file?: { url: string };
    }[];
    const response = await fetch(new URL(replies[1]?.file?.url ?? '', t.bot.address));
    return Buffer.from(await response.arrayBuffer());
  } finally {
    await t.stop();
    dir.remove();
  }
}

const attr = (xml: string, element: string, name: string) =>
  new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const twipMm = (twips: number) => `${((twips / 1440) * 25.4).toFixed(2)}mm`;

function pageHtml(docx: Buffer, fontUrl: string): string {
  const entries = unzip(docx);
  const xml = entries.get('word/document.xml')?.toString('utf8') ?? '';
  const header = entries.get('word/header1.xml')?.toString('utf8') ?? '';
  const body = xml.slice(xml.indexOf('<w:body>'), xml.lastIndexOf('<w:sectPr'));
  const linePt = Number(attr(xml, 'w:docGrid', 'w:linePitch')) / 20;
  const margin = (side: string) => twipMm(Number(attr(xml, 'w:pgMar', `w:${side}`)));
  const paragraph = (p: string) => {
    const align = { center: 'center', right: 'right', both: 'justify' }[attr(p, 'w:jc', 'w:val') ?? ''] ?? 'left';
    const indent = Number(attr(p, 'w:ind', 'w:firstLine') ?? 0) / 20;
    const rightIndent = Number(attr(p, 'w:ind', 'w:right') ?? 0) / 20;
    const runs = [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => {
      const size = Number(attr(r[1] ?? '', 'w:sz', 'w:val') ?? 32) / 2;
      const color = attr(r[1] ?? '', 'w:color', 'w:val');
      const text = [...(r[1] ?? '').matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      return `<span style="font-size:${size}pt;${color ? `color:#${color};` : ''}">${escapeXml(text) || '&#8203;'}</span>`;
    });
    return `<p style="text-align:${align};text-indent:${indent}pt;padding-right:${rightIndent}pt">${runs.join('')}</p>`;
  };
  const paragraphs = [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => paragraph(m[0]));
  const headerText = [...header.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  @font-face { font-family: 'Sample CJK'; src: url(${fontUrl}) format('woff2'); }
  html, body { margin: 0; background: #d9dde3; }
  .page { box-sizing: border-box; width: 210mm; height: 297mm; margin: 8mm auto; background: #fff; position: relative; overflow: hidden;
    padding: ${margin('top')} ${margin('right')} ${margin('bottom')} ${margin('left')}; font-family: 'Sample CJK', sans-serif; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
  .page p { margin: 0; line-height: ${linePt}pt; word-break: break-all; }
  .header { position: absolute; top: 15mm; left: 0; right: 0; text-align: center; color: #c00000; font-size: 12pt; }
  .footer { position: absolute; bottom: 14mm; right: calc(${margin('right')} + 7pt); font-size: 14pt; }
  </style></head><body><div class="page"><div class="header">${escapeXml(headerText)}</div>${paragraphs.join('')}<div class="footer">— 1 —</div></div></body></html>`;
}

const docx = await draftSample();
writeFileSync(new URL('sample-notice.docx', DOCS), docx);
const fontDir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json')), 'files');
const font = readFileSync(join(fontDir, 'noto-sans-sc-chinese-simplified-400-normal.woff2')).toString('base64');
const { browser } = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1 });
  await page.setContent(pageHtml(docx, `data:font/woff2;base64,${font}`));
  await page.evaluate('document.fonts.ready');
  await page.locator('.page').screenshot({ path: new URL('sample-notice.png', DOCS).pathname });
} finally {
  await browser.close();
}
console.log('wrote docs/sample-notice.docx and docs/sample-notice.png');
