/**
 * The simulator page's Chinese font, served from the @fontsource/noto-sans-sc npm package, so the page
 * renders the same on every officer's browser and in a test browser on a machine without CJK fonts.
 * The package splits the font by unicode-range, so a browser downloads only the slices a page uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONT_CSS_PATH = '/fonts/noto-sans-sc.css';
const FONT_FILES_PREFIX = '/fonts/files/';
/** Regular text and the bold the page uses for headings and buttons (600 renders with the 700 face). */
const WEIGHTS = [400, 700] as const;
/** The package's own file names, e.g. noto-sans-sc-27-400-normal.woff2; nothing else is served. */
const FONT_FILE = /^noto-sans-sc-[a-z0-9-]+-(?:400|700)-normal\.woff2$/;

const packageDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));

export interface FontAsset {
  contentType: string;
  path?: string;
  body?: string;
}

let css: string | undefined;

/** The @font-face rules of the served weights, pointing at our URLs and offering woff2 only. */
function fontCss(): string {
  css ??= WEIGHTS.map((weight) => readFileSync(join(packageDir, `${weight}.css`), 'utf8'))
    .join('\n')
    .replace(
      /url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\), url\([^)]+\) format\('woff'\)/g,
      `url(${FONT_FILES_PREFIX}$1) format('woff2')`,
    );
  return css;
}

/** What GET <pathname> serves when it names the font stylesheet or one of its files; null otherwise. */
export function fontAsset(pathname: string): FontAsset | null {
  if (pathname === FONT_CSS_PATH) return { contentType: 'text/css; charset=utf-8', body: fontCss() };
  if (!pathname.startsWith(FONT_FILES_PREFIX)) return null;
  const name = pathname.slice(FONT_FILES_PREFIX.length);
  return FONT_FILE.test(name) ? { contentType: 'font/woff2', path: join(packageDir, 'files', name) } : null;
}
