import type { App } from '../src/app/app.ts';
import { audit } from './audit.ts';
import { bind } from './bind.ts';
import { help } from './help.ts';
import { role } from './role.ts';
import { stats } from './stats.ts';

/** Every chat command; /帮助 lists them in this order. */
export function installCommands(app: App): void {
  app.command(help).command(bind).command(role).command(audit).command(stats);
}
