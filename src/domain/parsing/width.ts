/**
 * Chinese IMEs on phones emit full-width digits, letters and punctuation by default, so every
 * parser normalises its input through here before looking at syntax.
 */

const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_TO_HALF_OFFSET = 0xfee0;

// Lenticular brackets are what the IME produces for the [ ] keys. The enumeration comma 、 and the
// curly quotes are deliberately absent: 、 occurs inside names and the tokenizer reads the quotes.
const EXTRA: Readonly<Record<string, string>> = {
  '\u3000': ' ',
  '【': '[',
  '】': ']',
};

const CONVERTIBLE = /[\uff01-\uff5e\u3000【】]/g;

export function toHalfWidth(s: string): string {
  return s.replace(CONVERTIBLE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) {
      return String.fromCharCode(code - FULL_TO_HALF_OFFSET);
    }
    return EXTRA[ch] ?? ch;
  });
}

/**
 * The officer's own punctuation in prose: the full-width comma, semicolon, colon, exclamation and
 * question marks and brackets of Chinese text. Free text (a note, an opinion, a reason) keeps them
 * as typed ("投资方表示暂缓，待明年再议"); parsers of structured values convert their own input.
 */
const PROSE = new Set(['，', '；', '：', '！', '？', '（', '）']);

/** toHalfWidth, except the prose punctuation above; maps character for character like toHalfWidth. */
export function toHalfWidthKeepingProse(s: string): string {
  return s.replace(CONVERTIBLE, (ch) => (PROSE.has(ch) ? ch : toHalfWidth(ch)));
}
