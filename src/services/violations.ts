/**
 * 四(一): 对违反首报首谈规定的引进项目，不得享受市级层面政策支持. A project with a violation on record
 * (recorded against the project the violating unit introduced, see recordViolation) is refused the
 * city-level support the bot handles: 一事一议, energy quota and land quota priority.
 */
import { UserError } from '../app/errors.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { projectRepository } from '../db/repositories/project-repository.ts';
import type { Tx } from '../db/tx.ts';
import { zhCN } from '../messages/zh-CN.ts';

export async function refuseIfViolated(tx: Tx, project: { id: number; code: string }): Promise<void> {
  const [violation] = await projectRepository.violationsOf(tx, project.id);
  if (violation === undefined) return;
  const unit = await orgRepository.findUnit(tx, violation.unitId);
  throw new UserError(
    zhCN.projects.notices.violationRefusal({
      code: project.code,
      unit: unit?.name ?? violation.unitId,
      description: violation.description,
    }),
  );
}
