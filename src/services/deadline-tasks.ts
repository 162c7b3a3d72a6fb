/**
 * Deadline to-dos (待办 on 浙政钉), kept in step with the records they follow by reconciliation: the
 * to-dos that should be open now are computed from the records — a matrix cycle's lead unit officers,
 * the officers of each transfer review seat that has not voted in the current round, the holder unit's
 * officers of an exclusive project — and compared with the ones already open. A new one is opened; one
 * that no longer applies is finished when its record got done (cycle completed, opinion given, project
 * signed) and cancelled otherwise. Each change goes to the outbox in the same transaction, so it is
 * delivered once; the services that own those records need no change, whatever state change moved them.
 */
import type { DeadlineTask } from '../app/receiver.ts';
import {
  deadlineTaskRepository,
  type DeadlineTaskKind,
  type DeadlineTaskRow,
} from '../db/repositories/deadline-task-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import { shanghaiMoment } from '../domain/matrix/dates.ts';
import { reviewReminderDaysOf } from '../domain/regulation/rules.ts';
import { reviewReminderSlots } from '../domain/transfers/reminders.ts';
import { pendingSeats, type ReviewSeat } from '../domain/transfers/voting.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { loadWorkingDayCalendar } from './matrix-calendar.ts';
import { loadRules } from './rules.ts';
import type { UseCase } from './use-case.ts';

const t = zhCN.zwdd.tasks;

/** A matrix deadline is due at the end of its day's office hours (Asia/Shanghai). */
const MATRIX_DUE_HOUR = 18;
/** 常态化 items have quarterly check-ins that are never overdue (DESIGN §7): no to-do for them. */
const QUARTERLY_CHECK_IN = /Q[1-4]$/;
/** A task key opened again after it was closed (a cycle reopened by IPB) gets a fresh suffix. */
const REOPEN_SUFFIX = /~\d+$/;

interface Desired extends DeadlineTaskRow {
  kind: DeadlineTaskKind;
}

/** Opens, finishes and cancels to-dos so that exactly the ones that apply at `uc.now` are open. */
export async function syncDeadlineTasks(uc: UseCase): Promise<{ opened: number; closed: number }> {
  const desired = await desiredTasks(uc);
  const open = await deadlineTaskRepository.listOpen(uc.tx);
  const openBases = new Set(open.map((task) => baseKey(task.taskKey)));
  const desiredKeys = new Set(desired.map((task) => task.taskKey));
  let opened = 0;
  let closed = 0;

  for (const task of open) {
    if (desiredKeys.has(baseKey(task.taskKey))) continue;
    const status = (await isDone(uc, task)) ? 'FINISHED' : 'CANCELLED';
    if (!(await deadlineTaskRepository.close(uc.tx, task.taskKey, status, uc.now))) continue;
    await queue(uc, task, status === 'FINISHED' ? 'finish' : 'cancel');
    closed += 1;
  }
  for (const task of desired) {
    if (openBases.has(task.taskKey)) continue;
    for (let generation = 0; ; generation++) {
      const row = { ...task, taskKey: generation === 0 ? task.taskKey : `${task.taskKey}~${generation}` };
      if (await deadlineTaskRepository.open(uc.tx, row, uc.now)) {
        await queue(uc, row, 'open');
        opened += 1;
        break;
      }
    }
  }
  return { opened, closed };
}

function baseKey(taskKey: string): string {
  return taskKey.replace(REOPEN_SUFFIX, '');
}

async function queue(uc: UseCase, task: DeadlineTaskRow, op: DeadlineTask['op']): Promise<void> {
  const message: DeadlineTask = {
    taskKey: task.taskKey,
    op,
    title: task.title,
    dueAt: task.dueAt.toISOString(),
    command: task.command,
  };
  await outboxRepository.add(
    uc.tx,
    { kind: 'TASK', toUserId: task.userId, message: JSON.stringify(message), dedupeKey: `task:${task.taskKey}:${op}` },
    uc.now,
  );
}

async function desiredTasks(uc: UseCase): Promise<Desired[]> {
  const tasks: Desired[] = [];
  const officersOf = memo((key: string) => {
    const [kind, a = '', b] = key.split('|');
    return deadlineTaskRepository.officers(
      uc.tx,
      kind === 'unit' ? { unitId: a } : { role: a, ...(b === undefined ? {} : { scope: b }) },
    );
  });

  // The earliest open cycle of each item and lead unit: later ones wait until it is done.
  const seen = new Set<string>();
  for (const cycle of await deadlineTaskRepository.openMatrixCycles(uc.tx)) {
    const chain = `${cycle.itemNumber}|${cycle.leadUnitId}`;
    if (seen.has(chain)) continue;
    seen.add(chain);
    if (QUARTERLY_CHECK_IN.test(cycle.key)) continue;
    for (const userId of await officersOf(`unit|${cycle.leadUnitId}`)) {
      tasks.push({
        kind: 'MATRIX',
        taskKey: `matrix:${cycle.id}:${userId}`,
        recordId: cycle.id,
        userId,
        title: t.matrix({ number: cycle.itemNumber, name: cycle.itemName, label: cycle.label, dueDate: cycle.dueDate }),
        dueAt: shanghaiMoment(cycle.dueDate, MATRIX_DUE_HOUR),
        command: t.matrixCommand({ number: cycle.itemNumber }),
      });
    }
  }

  const transfers = await deadlineTaskRepository.reviewingTransfers(uc.tx);
  const calendar = transfers.length > 0 ? await loadWorkingDayCalendar(uc.tx) : undefined;
  const reminderDays = transfers.length > 0 ? reviewReminderDaysOf((await loadRules(uc.tx)).values) : [];
  for (const transfer of transfers) {
    // Due when the last reminder of rule R5 (default: after 10 working days) goes out.
    const slots = calendar === undefined ? [] : reviewReminderSlots(calendar, transfer.roundStartedAt, reminderDays);
    const dueAt = slots.at(-1)?.at ?? new Date(transfer.roundStartedAt.getTime() + 14 * 86_400_000);
    for (const seat of pendingSeats(transfer.votedSeats.map((s) => ({ seat: s as ReviewSeat })))) {
      const who = seat === 'INDUSTRY' ? `role|INDUSTRY|${transfer.industryUnitId}` : `role|${seat}`;
      const seatLabel =
        seat === 'INDUSTRY'
          ? ((await orgRepository.findUnit(uc.tx, transfer.industryUnitId))?.name ?? transfer.industryUnitId)
          : zhCN.transfers.seats[seat];
      for (const userId of await officersOf(who)) {
        tasks.push({
          kind: 'TRANSFER',
          taskKey: `transfer:${transfer.id}:round${transfer.round}:${seat}:${userId}`,
          recordId: transfer.id,
          userId,
          title: t.transfer({ code: transfer.code, enterprise: transfer.enterpriseName, seat: seatLabel }),
          dueAt,
          command: t.transferCommand({ code: transfer.code }),
        });
      }
    }
  }

  for (const project of await deadlineTaskRepository.exclusiveProjects(uc.tx)) {
    for (const userId of await officersOf(`unit|${project.unitId}`)) {
      tasks.push({
        kind: 'EXCLUSIVITY',
        // A renewal moves the end: the old to-do is cancelled and one with the new date opened.
        taskKey: `exclusivity:${project.id}:${project.exclusiveUntil.getTime()}:${userId}`,
        recordId: project.id,
        userId,
        title: t.exclusivity({ code: project.code, name: project.name, until: project.exclusiveUntil }),
        dueAt: project.exclusiveUntil,
        command: t.exclusivityCommand({ code: project.code }),
      });
    }
  }
  return tasks;
}

/** Whether a to-do that no longer applies was settled by its officer's side (finish) rather than dropped (cancel). */
async function isDone(uc: UseCase, task: DeadlineTaskRow): Promise<boolean> {
  switch (task.kind as DeadlineTaskKind) {
    case 'MATRIX': {
      const status = await deadlineTaskRepository.matrixCycleStatus(uc.tx, task.recordId);
      return status === 'DONE' || status === 'CONFIRMED';
    }
    case 'TRANSFER': {
      const match = /^transfer:\d+:round(\d+):(\w+):/.exec(task.taskKey);
      return (
        match !== null && (await deadlineTaskRepository.seatVoted(uc.tx, task.recordId, Number(match[1]), match[2]!))
      );
    }
    case 'EXCLUSIVITY': {
      const status = await deadlineTaskRepository.projectStatus(uc.tx, task.recordId);
      return status === 'SIGNED' || status === 'LANDED';
    }
  }
}

function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}
