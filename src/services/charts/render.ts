import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { woffToSfnt } from '../../lib/woff.ts';
import { CHART_FONT, type ChartSpec } from './definitions.ts';

/**
 * Charts become pictures on the server, with no browser and no system fonts: ECharts renders the
 * option to an SVG string (`ssr: true`), resvg (its binary ships in the npm package) rasterises it
 * with Noto Sans SC from @fontsource. resvg reads only TTF/OTF and @fontsource ships WOFF, so the
 * fonts are unwrapped once per machine into a cache folder.
 */

/** The Simplified Chinese subset (GB 2312 and common characters) and Latin, regular weight. */
const FONT_FILES = ['noto-sans-sc-chinese-simplified-400-normal.woff', 'noto-sans-sc-latin-400-normal.woff'];

let fontsReady: Promise<string[]> | null = null;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}

/** The TTF files resvg loads, converted from the package's WOFF files on first use. */
export function chartFonts(): Promise<string[]> {
  fontsReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageJson = require.resolve('@fontsource/noto-sans-sc/package.json');
    const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
    const cache = join(tmpdir(), `yipanqi-fonts-${version}`);
    await mkdir(cache, { recursive: true });
    return Promise.all(
      FONT_FILES.map(async (name) => {
        const target = join(cache, name.replace(/\.woff$/, '.ttf'));
        if (await exists(target)) return target;
        const ttf = woffToSfnt(await readFile(join(dirname(packageJson), 'files', name)));
        // Written beside, then renamed: a second process never reads half a font.
        const partial = `${target}.${process.pid}.partial`;
        await writeFile(partial, ttf);
        await rename(partial, target);
        return target;
      }),
    );
  })();
  fontsReady.catch(() => {
    fontsReady = null;
  });
  return fontsReady;
}

/** ECharts is loaded on the first chart, not at start-up. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    // Without dispose the chart keeps an animation timer that holds the process open.
    chart.dispose();
  }
}

/** Rasterises an SVG at its own size on white. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const [{ renderAsync }, fontFiles] = await Promise.all([import('@resvg/resvg-js'), chartFonts()]);
  const image = await renderAsync(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return image.asPng();
}

export async function renderPng(spec: ChartSpec): Promise<{ png: Buffer; width: number; height: number }> {
  return { png: await svgToPng(await renderSvg(spec)), width: spec.width, height: spec.height };
}

/**
 * Several charts on one page, stacked under a title: each chart's SVG nested at its offset. Used for
 * the dashboard picture /统计 图 sends, which must be one image message.
 */
export async function renderSheetPng(
  title: string,
  specs: readonly ChartSpec[],
): Promise<{ png: Buffer; width: number; height: number }> {
  const titleHeight = 56;
  const width = Math.max(...specs.map((s) => s.width));
  let y = titleHeight;
  const parts: string[] = [];
  for (const spec of specs) {
    const svg = (await renderSvg(spec)).replace(/^<svg\b/, `<svg x="${(width - spec.width) / 2}" y="${y}"`);
    parts.push(svg);
    y += spec.height;
  }
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const sheet = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" font-family="${CHART_FONT}" font-size="22" fill="#1f2329">${escaped}</text>`,
    ...parts,
    '</svg>',
  ].join('');
  return { png: await svgToPng(sheet), width, height: y };
}
