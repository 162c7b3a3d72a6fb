import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRetentionJob } from '../../../src/jobs/export-retention.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { tempDir } from '../../helpers/test-bot.ts';

const dir = tempDir('yipanqi-retention-');
afterAll(() => dir.remove());

describe('export retention', () => {
  it('deletes generated ledgers, Word drafts and pictures older than 30 days, and nothing else', async () => {
    const now = new Date('2026-12-06T02:30:00Z');
    const old = new Date(now.getTime() - 31 * 86_400_000);
    const id = (n: number) => String(n).repeat(32);
    const files = {
      [`${id(1)}.xlsx`]: old,
      [`${id(2)}.docx`]: old,
      [`${id(3)}.png`]: old,
      [`${id(4)}.docx`]: now,
      'bot.db': old,
      [`${id(5)}.txt`]: old,
    };
    for (const [name, at] of Object.entries(files)) {
      writeFileSync(`${dir.path}/${name}`, 'x');
      utimesSync(`${dir.path}/${name}`, at, at);
    }
    await exportRetentionJob({ filesDir: dir.path, logger: createLogger('silent') }).run(now);
    expect(readdirSync(dir.path).sort()).toEqual([`${id(4)}.docx`, `${id(5)}.txt`, 'bot.db'].sort());
  });
});
