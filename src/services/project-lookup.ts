/**
 * Lookups the coordination features share: a project by the code an officer typed, unit names, and
 * a chain's host units in the layout guide.
 */
import { UserError } from '../app/errors.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import { projectRepository, type ProjectRow } from '../db/repositories/project-repository.ts';
import type { Tx } from '../db/tx.ts';
import { hostUnitIds, matchChain } from '../domain/projects/layout-guide.ts';
import { parseProjectCode } from '../domain/projects/code.ts';
import { zhCN } from '../messages/zh-CN.ts';
import type { GuideView } from './layout-guide.ts';
import { unitNamer } from '../domain/org/units.ts';

export async function loadProjectByCode(tx: Tx, input: string | undefined): Promise<ProjectRow> {
  const code = input === undefined ? null : parseProjectCode(input);
  const project = code === null ? null : await projectRepository.findByCode(tx, code);
  if (project === null) throw new UserError(zhCN.projects.refusals.unknownProject({ input: input ?? '' }));
  return project;
}

export interface UnitNames {
  name(id: string): string;
  units: UnitRow[];
}

export async function loadUnitNames(tx: Tx): Promise<UnitNames> {
  const units = await orgRepository.listUnits(tx);
  return { name: unitNamer(units), units };
}

/** Names of the units hosting `chain` in the guide, in the guide's order. */
export function chainHostNames(guide: GuideView, chain: string): string[] {
  const ids = new Set(hostUnitIds(guide, chain));
  return [...new Set(guide.assignments.filter((a) => ids.has(a.unitId)).map((a) => a.unitName))];
}

export type ChainMatch = { chain: string } | { ambiguous: string[] } | { unknown: string[] };

/** Resolves a typed chain against the guide; the caller words the refusal. */
export function resolveChain(guide: GuideView, input: string): ChainMatch {
  const match = matchChain(guide, input);
  if (match === undefined) return { unknown: [...new Set(guide.assignments.map((a) => a.chain))] };
  return match;
}

/** Unit kinds that host projects: 区、县（市） and their industrial platforms. */
export const HOST_UNIT_KINDS: readonly UnitRow['kind'][] = ['DISTRICT', 'PLATFORM'];
