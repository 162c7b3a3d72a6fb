import {
  burstLine,
  postgresBurstDatabases,
  sqliteBurstDatabase,
  streamBurst,
  WARMUP_MESSAGES,
  type BurstResult,
} from './burst.ts';
import { larkBurst } from './lark-burst.ts';

/**
 * The burst figures of issue 17: a DingTalk Stream burst and a Lark long-connection burst on SQLite, and
 * the DingTalk burst again on PostgreSQL, each acknowledged and processed against the ≥ 1,000/s target.
 */
export async function burstReport(workDir: string, messages: number): Promise<string> {
  const dingtalk = await streamBurst(sqliteBurstDatabase(workDir, 'burst'), messages);
  const lark = await larkBurst(sqliteBurstDatabase(workDir, 'lark-burst'), messages);
  const server = await postgresBurstDatabases();
  let postgres: BurstResult;
  try {
    // The replies leave at the same platform rate as on SQLite: not waited for again.
    postgres = await streamBurst(await server.database('burst'), messages, false);
  } finally {
    await server.stop();
  }
  const dingtalkLimit = "held to DingTalk's 20 calls/s per API by the client";
  return [
    burstLine(
      `DingTalk Stream burst, SQLite: ${messages} robot messages pushed over one socket by the protocol test server, after ${WARMUP_MESSAGES} for warm-up`,
      dingtalk,
      dingtalkLimit,
    ),
    burstLine(
      `Lark long-connection burst, SQLite: ${messages} one-to-one messages from 100 officers ` +
        `over one long connection (Lark SDK), after ${WARMUP_MESSAGES} for warm-up`,
      lark,
      "held to Lark's 50 messages/s per app by the client",
    ),
    burstLine(
      `DingTalk Stream burst, PostgreSQL 18 (embedded, loopback, fsync on): the same ${messages} messages`,
      postgres,
      dingtalkLimit,
    ),
  ].join('\n\n');
}
