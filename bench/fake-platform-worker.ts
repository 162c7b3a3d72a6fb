/**
 * A protocol test server (tests/dingtalk, tests/lark) in a worker thread of its own, driven by
 * bench/remote-platform.ts: the platform does its work on another core, as the real one does on its
 * own servers, instead of on the event loop whose throughput the burst measures.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeDingTalk } from '../tests/dingtalk/fake-dingtalk-server.ts';
import { FakeLark } from '../tests/lark/fake-lark-server.ts';
import type { PlatformCall, PlatformKind, PlatformReply } from './remote-platform.ts';

const kind = (workerData as { kind: PlatformKind }).kind;
const port = parentPort!;

if (kind === 'lark') {
  const fake = await FakeLark.start({ redeliveryDelayMs: 60_000 });
  port.postMessage({ ready: { appId: fake.appId, appSecret: fake.appSecret, domain: fake.domain } });
  serve(async (call) => {
    switch (call.op) {
      case 'push':
        // A one-to-one message from each sender in turn: [eventId, messageId] per message.
        return call.senders.map((from) => {
          const { eventId, messageId } = fake.pushMessage({
            from,
            chatId: `oc_p2p_${from}`,
            chatType: 'p2p',
            text: call.text,
          });
          return [eventId, messageId];
        });
      case 'counts':
        return { acks: fake.acks().length, replies: fake.sent().filter((m) => m.via === 'reply').length };
      case 'acked':
        return fake.acks().map((a) => a.eventId);
      case 'answered':
        return fake.sent().flatMap((m) => (m.replyTo === undefined ? [] : [m.replyTo]));
      case 'close':
        return fake.close();
    }
  });
} else {
  const fake = await FakeDingTalk.start({ redeliveryDelayMs: 60_000 });
  port.postMessage({ ready: fake.botEnv() });
  serve(async (call) => {
    switch (call.op) {
      case 'push':
        return call.senders.map((senderStaffId) => [
          fake.pushRobotMessage({ text: call.text, senderStaffId, conversationId: 'cidBurst==' }),
        ]);
      case 'counts':
        return { acks: fake.acks().length, replies: fake.sent().filter((m) => m.via === 'webhook').length };
      case 'acked':
        return fake.acks().map((a) => a.messageId);
      case 'answered':
        return [];
      case 'close':
        return fake.close();
    }
  });
}

function serve(answer: (call: PlatformCall) => Promise<unknown>): void {
  port.on('message', ({ id, call }: { id: number; call: PlatformCall }) => {
    answer(call).then(
      (result) => port.postMessage({ id, result } satisfies PlatformReply),
      (error: unknown) => port.postMessage({ id, error: String(error) } satisfies PlatformReply),
    );
  });
}
