import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '../../app/receiver.ts';
import { appendAudit } from '../audit-log.ts';
import { fileStamp, nextExportCode } from '../ledger-export.ts';
import type { UseCase } from '../use-case.ts';

export interface GeneratedFile {
  code: string;
  fileName: string;
  sha256: string;
  /** The file message to deliver. */
  file: Message;
}

/**
 * A document the bot hands out is kept and audited like a ledger export: written under an
 * unguessable name in `filesDir`, given the next DC- code, and its SHA-256 recorded with who asked,
 * so a copy found later can be traced to its draft.
 */
export async function saveGeneratedFile(
  uc: UseCase,
  p: {
    filesDir: string | undefined;
    bytes: Buffer;
    extension: 'docx';
    fileName: (stamp: string) => string;
    caption: (code: string) => string;
    action: string;
    details: Record<string, unknown>;
  },
): Promise<GeneratedFile> {
  if (p.filesDir === undefined)
    throw new Error('settings.filesDir is not configured; documents need a folder to write to');
  await mkdir(p.filesDir, { recursive: true, mode: 0o700 });
  const path = join(p.filesDir, `${randomBytes(16).toString('hex')}.${p.extension}`);
  await writeFile(path, p.bytes, { mode: 0o600, flag: 'wx' });
  const code = await nextExportCode(uc);
  const fileName = p.fileName(fileStamp(uc.now));
  const sha256 = createHash('sha256').update(p.bytes).digest('hex');
  await appendAudit(uc, {
    action: p.action,
    recordType: 'Export',
    recordId: code,
    after: { ...p.details, fileName, sha256 },
  });
  return {
    code,
    fileName,
    sha256,
    file: { kind: 'file', title: fileName, text: p.caption(code), file: { name: fileName, path } },
  };
}
