import { platformTaskRepository } from '../db/repositories/platform-task-repository.ts';
import type { Tx } from '../db/tx.ts';

/** What the platform answered when it created a to-do: finish and cancel need its taskUuid later. */
export async function findPlatformTask(
  tx: Tx,
  platformId: string,
): Promise<{ taskUuid: string | undefined } | undefined> {
  const row = await platformTaskRepository.find(tx, platformId);
  return row === null ? undefined : { taskUuid: row.taskUuid ?? undefined };
}

export function savePlatformTask(
  tx: Tx,
  platformId: string,
  taskUuid: string | undefined,
  answer: string,
  now: Date,
): Promise<void> {
  return platformTaskRepository.save(tx, { platformId, taskUuid, answer }, now);
}
