/**
 * The layout guide (《杭州市重点产业（链）投资布局导引》, policy 二(二)): each key industrial chain →
 * the districts/counties or platforms that host it. The guide decides 三(一) — a project that does not
 * conform to it gets no city-level industrial policy support — and 四(一) — IPB grants first-negotiation
 * exclusivity only to a project that conforms.
 *
 * Pure: the guide version is loaded by the caller; units are passed in as plain rows.
 */

import { toHalfWidth } from '../parsing/width.ts';

export interface GuideAssignmentView {
  chain: string;
  unitId: string;
}

export interface GuideLike {
  assignments: readonly GuideAssignmentView[];
}

/** Chains of the guide, each once, in the order they first appear in the assignments (the guide's own order). */
export function guideChains(guide: GuideLike): string[] {
  const seen = new Set<string>();
  for (const assignment of guide.assignments) seen.add(assignment.chain);
  return [...seen];
}

/** Units hosting `chain` (exact chain name, as returned by matchChain), in the guide's order. */
export function hostUnitIds(guide: GuideLike, chain: string): string[] {
  const hosts: string[] = [];
  for (const assignment of guide.assignments) {
    if (assignment.chain === chain && !hosts.includes(assignment.unitId)) hosts.push(assignment.unitId);
  }
  return hosts;
}

type UnitLike = { id: string; parentId: string | null };

/** The unit's parent, grandparent, … (cycle-safe; a broken parent link simply ends the walk). */
function ancestorsOf(unitId: string, byId: ReadonlyMap<string, UnitLike>, firstParent?: string | null): string[] {
  const ancestors: string[] = [];
  let next = firstParent !== undefined ? firstParent : (byId.get(unitId)?.parentId ?? null);
  while (next !== null && next !== unitId && !ancestors.includes(next)) {
    ancestors.push(next);
    next = byId.get(next)?.parentId ?? null;
  }
  return ancestors;
}

/**
 * Does a report by `unit` for `chain` conform to the guide? (三(一): 对不符合《布局导引》的项目，不得给予
 * 市级产业政策支持; 四(一): exclusivity only for a project 符合《布局导引》.)
 *
 * A unit conforms when
 * - it hosts the chain itself;
 * - it is a platform inside a host district (a district's platforms carry the district's chains);
 * - it is a district containing a host platform (the district reports for its platform, which often
 *   has no officer of its own).
 * Two platforms of one district do not lend each other chains, and neighbouring districts never do.
 * An unknown chain has no hosts, so nothing conforms to it.
 */
export function unitConforms(
  guide: GuideLike,
  chain: string,
  unit: { id: string; parentId: string | null },
  units: readonly { id: string; parentId: string | null }[],
): boolean {
  const hosts = hostUnitIds(guide, chain);
  if (hosts.length === 0) return false;
  if (hosts.includes(unit.id)) return true;
  const byId = new Map<string, UnitLike>(units.map((u) => [u.id, u]));
  // A platform inside a host district (the unit passed in is authoritative for its own parent).
  if (ancestorsOf(unit.id, byId, unit.parentId).some((ancestor) => hosts.includes(ancestor))) return true;
  // A district containing a host platform.
  return hosts.some((host) => ancestorsOf(host, byId).includes(unit.id));
}

/** How chain names are compared: full-width → half-width, case and all whitespace ignored. */
function chainKey(name: string): string {
  return toHalfWidth(name).toLowerCase().replace(/\s+/g, '');
}

/** An input shorter than this (in code points) never matches as a fragment of a longer chain name. */
const MIN_FRAGMENT = 2;

/**
 * Resolves what an officer typed to a chain of the guide: exact name, case/width-insensitive, or a
 * unique substring match either way (e.g. '集成电路' ↔ '集成电路产业链'). Returns the candidates when
 * the input matches several chains, and undefined when it matches none.
 */
export function matchChain(guide: GuideLike, input: string): { chain: string } | { ambiguous: string[] } | undefined {
  const key = chainKey(input);
  if (key === '') return undefined;
  const chains = guideChains(guide);
  const exact = chains.find((chain) => chainKey(chain) === key);
  if (exact !== undefined) return { chain: exact };
  const candidates = chains.filter((chain) => {
    const name = chainKey(chain);
    if (name === '') return false;
    return (name.includes(key) && [...key].length >= MIN_FRAGMENT) || key.includes(name);
  });
  if (candidates.length === 1 && candidates[0] !== undefined) return { chain: candidates[0] };
  if (candidates.length > 1) return { ambiguous: candidates };
  return undefined;
}

/**
 * One bad line of an import. `detail` is data for the message, never prose:
 * - columns, empty-chain: the line as written (trimmed);
 * - unknown-unit: the unit as written;
 * - ambiguous-unit: `<unit as written> → <candidate>、<candidate>…`;
 * - duplicate: the number of the earlier line with the same chain and unit.
 */
export type CsvProblem = {
  line: number;
  problem: 'columns' | 'empty-chain' | 'unknown-unit' | 'ambiguous-unit' | 'duplicate';
  detail: string;
};

/** Separators between the two columns: comma (half- or full-width), tab, Chinese 顿号. */
const SEPARATOR = /[,，\t、]/;

const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
];

function cleanCell(cell: string): string {
  let text = cell.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  for (const [open, close] of QUOTES) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
      text = text.slice(open.length, text.length - close.length).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
      break;
    }
  }
  return text;
}

const HEADER_CHAIN = new Set(['产业链', '产业', '链', '重点产业', '重点产业链', 'chain']);
const HEADER_UNIT = new Set(['单位', '承载单位', '承载地', '承载地区', '承载平台', '区县', '区、县（市）', 'unit']);

function isHeader(cells: readonly string[]): boolean {
  return cells.length === 2 && HEADER_CHAIN.has(chainKey(cells[0] ?? '')) && HEADER_UNIT.has(chainKey(cells[1] ?? ''));
}

/**
 * Parses an import: one assignment per line, `产业链,单位` (full-width comma, tab or Chinese 顿号 also
 * separate; an optional header line 产业链,单位 is skipped; blank lines ignored). Units are resolved by
 * `resolveUnit` (name, stem or id). All problems are reported by line number; nothing is returned as
 * rows if any line is bad.
 *
 * Line numbers count every line of `text` from 1, blank and header lines included, so they match the
 * row numbers of the spreadsheet the file came from. Cells may be wrapped in quotes (Excel exports);
 * empty trailing cells (a trailing comma) are ignored. Chain names are stored half-width.
 */
export function parseGuideCsv(
  text: string,
  resolveUnit: (input: string) => { id: string } | { ambiguous: string[] } | undefined,
): { ok: true; rows: GuideAssignmentView[] } | { ok: false; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const rows: GuideAssignmentView[] = [];
  const problems: CsvProblem[] = [];
  const firstLineOf = new Map<string, number>();
  /** The first spelling of each chain in the file, so 'AI' and 'ai' become one chain. */
  const spelling = new Map<string, string>();
  let sawContent = false;

  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    if (trimmed === '') continue;
    const cells = raw.split(SEPARATOR).map(cleanCell);
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const first = !sawContent;
    sawContent = true;
    if (first && isHeader(cells)) continue;

    if (cells.length !== 2) {
      problems.push({ line, problem: 'columns', detail: trimmed });
      continue;
    }
    const [chainCell = '', unitCell = ''] = cells;
    if (chainCell === '') {
      problems.push({ line, problem: 'empty-chain', detail: trimmed });
      continue;
    }
    const resolved = resolveUnit(unitCell);
    if (resolved === undefined) {
      problems.push({ line, problem: 'unknown-unit', detail: unitCell });
      continue;
    }
    if ('ambiguous' in resolved) {
      problems.push({ line, problem: 'ambiguous-unit', detail: `${unitCell} → ${resolved.ambiguous.join('、')}` });
      continue;
    }
    const written = toHalfWidth(chainCell).replace(/\s+/g, ' ');
    const chain = spelling.get(chainKey(written)) ?? written;
    spelling.set(chainKey(written), chain);
    const key = `${chainKey(chain)}\u0000${resolved.id}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      problems.push({ line, problem: 'duplicate', detail: String(earlier) });
      continue;
    }
    firstLineOf.set(key, line);
    rows.push({ chain, unitId: resolved.id });
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
