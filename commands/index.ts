import type { App } from '../src/app/app.ts';
import { audit } from './audit.ts';
import { bind } from './bind.ts';
import { briefing } from './briefing.ts';
import { supportCase } from './case.ts';
import { check } from './check.ts';
import { clauses } from './clauses.ts';
import { citylead } from './citylead.ts';
import { consult } from './consult.ts';
import { energy } from './energy.ts';
import { exportLedgers } from './export.ts';
import { fund } from './fund.ts';
import { guide } from './guide.ts';
import { help } from './help.ts';
import { holiday } from './holiday.ts';
import { land } from './land.ts';
import { matrix } from './matrix.ts';
import { notice } from './notice.ts';
import { overbid } from './overbid.ts';
import { platform } from './platform.ts';
import { policies } from './policies.ts';
import { policy } from './policy.ts';
import { progress } from './progress.ts';
import { project } from './project.ts';
import { renew } from './renew.ts';
import { report } from './report.ts';
import { review } from './review.ts';
import { role } from './role.ts';
import { rules } from './rules.ts';
import { site } from './site.ts';
import { stats } from './stats.ts';
import { transfer } from './transfer.ts';
import { violation } from './violation.ts';
import { vote } from './vote.ts';

/** Every chat command; /帮助 lists them in this order. */
export function installCommands(app: App): void {
  app
    .command(help)
    .command(report)
    .command(check)
    .command(project)
    .command(consult)
    .command(review)
    .command(renew)
    .command(progress)
    .command(violation)
    .command(citylead)
    .command(supportCase)
    .command(transfer)
    .command(vote)
    .command(policy)
    .command(policies)
    .command(overbid)
    .command(guide)
    .command(land)
    .command(energy)
    .command(fund)
    .command(platform)
    .command(site)
    .command(matrix)
    .command(holiday)
    .command(stats)
    .command(exportLedgers)
    .command(notice)
    .command(briefing)
    .command(clauses)
    .command(rules)
    .command(audit)
    .command(bind)
    .command(role);
}
