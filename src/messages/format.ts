const SHANGHAI = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(date: Date): Record<string, string> {
  return Object.fromEntries(dateTimeParts.formatToParts(date).map((p) => [p.type, p.value]));
}

/** 2026年11月26日 09:00, in Asia/Shanghai whatever the server's zone. */
export function formatDateTime(date: Date): string {
  const p = partsOf(date);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
}

/** 2026年11月26日, in Asia/Shanghai. */
export function formatDate(date: Date): string {
  const p = partsOf(date);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
}

/**
 * The date a period ends on (首谈期至 2027年6月4日), from the stored end instant — the first instant after
 * the period (domain/projects/exclusivity.ts) — never a clock time.
 */
export function formatPeriodEnd(until: Date): string {
  return formatDate(new Date(until.getTime() - 1));
}

/**
 * Why a quantity (tonnes of coal equivalent, mu of land) cannot be read, by its parse code
 * (src/domain/parsing/quantity.ts); `tooPrecise` says how many decimals the quantity takes.
 */
export function quantityProblems(tooPrecise: string): Record<string, string> {
  return {
    empty: '没有填写',
    'not-a-number': '无法识别',
    negative: '不能为负数',
    zero: '必须大于 0',
    'too-large': '过大，请核对',
    'too-precise': tooPrecise,
  };
}
