import type { App } from '../src/app/app.ts';
import { audit } from './audit.ts';
import { bind } from './bind.ts';
import { check } from './check.ts';
import { consult } from './consult.ts';
import { guide } from './guide.ts';
import { help } from './help.ts';
import { holiday } from './holiday.ts';
import { matrix } from './matrix.ts';
import { progress } from './progress.ts';
import { project } from './project.ts';
import { renew } from './renew.ts';
import { report } from './report.ts';
import { review } from './review.ts';
import { role } from './role.ts';
import { stats } from './stats.ts';
import { violation } from './violation.ts';

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
    .command(guide)
    .command(matrix)
    .command(holiday)
    .command(stats)
    .command(audit)
    .command(bind)
    .command(role);
}
