import { describe, expect, it } from 'vitest';
import {
  acceptInbound,
  createInboundAck,
  type InboundDecodeResult,
  type InboundPipelineOptions,
} from '../../../src/app/inbound-pipeline.ts';
import type { InboundMessageEvent, Message } from '../../../src/app/receiver.ts';
import { MemorySink, silentLogger } from '../../dingtalk/helpers.ts';

const event: InboundMessageEvent = {
  type: 'message',
  platform: 'dingtalk',
  messageId: 'msg-1',
  userId: 'ipb-zhang',
  conversationId: 'cid==',
  conversationType: 'direct',
  text: '/帮助',
  mentions: [],
};
const decoded: InboundDecodeResult<InboundMessageEvent> = { ok: true, event, warnings: [] };

const options: InboundPipelineOptions = { platform: 'test', ackResponse: {} };

function recordingAck(): { acks: unknown[]; ack: ReturnType<typeof createInboundAck> } {
  const acks: unknown[] = [];
  return { acks, ack: createInboundAck('frame-1', (_id, response) => acks.push(response)) };
}

describe('createInboundAck', () => {
  it('refuses a second ack of the same callback with a coded error', () => {
    const { ack, acks } = recordingAck();
    ack.ack({});
    expect(() => ack.ack({})).toThrow(expect.objectContaining({ code: 'duplicate-ack' }));
    expect(acks).toEqual([{}]);
    expect(ack.acked).toBe(true);
  });
});

describe('acceptInbound', () => {
  it('records, then acknowledges, then processes', async () => {
    const sink = new MemorySink();
    const { ack, acks } = recordingAck();
    const outcome = await acceptInbound(decoded, ack, sink, silentLogger, 'frame-1', options);
    expect(acks).toEqual([{}]);
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind === 'accepted') await outcome.processing;
    expect(sink.processed).toEqual([event]);
  });

  it('hands over what processing answered, or undefined when processing failed', async () => {
    const answering = new (class extends MemorySink {
      override async process(e: InboundMessageEvent): Promise<Message[]> {
        await super.process(e);
        return [{ kind: 'text', text: '已记录' }];
      }
    })();
    const answered = await acceptInbound(decoded, recordingAck().ack, answering, silentLogger, 'frame-1', options);
    expect(answered.kind === 'accepted' && (await answered.replies)).toEqual([{ kind: 'text', text: '已记录' }]);
    const failing = new (class extends MemorySink {
      override async process(): Promise<Message[]> {
        throw new Error('handler crashed');
      }
    })();
    const failed = await acceptInbound(decoded, recordingAck().ack, failing, silentLogger, 'frame-1', options);
    expect(failed.kind === 'accepted' && (await failed.replies)).toBeUndefined();
  });

  it('does not acknowledge when recording fails', async () => {
    const sink = new MemorySink();
    sink.failNextRecords = 1;
    const { ack, acks } = recordingAck();
    expect(await acceptInbound(decoded, ack, sink, silentLogger, 'frame-1', options)).toEqual({
      kind: 'record-failed',
    });
    expect(acks).toEqual([]);
  });

  it('acknowledges a duplicate without processing it again', async () => {
    const sink = new MemorySink();
    await sink.record(event);
    const { ack, acks } = recordingAck();
    expect(await acceptInbound(decoded, ack, sink, silentLogger, 'frame-1', options)).toEqual({ kind: 'duplicate' });
    expect(acks).toEqual([{}]);
    expect(sink.processed).toEqual([]);
  });

  it('tells a sink that retries that the platform redelivered the message', async () => {
    const redelivered: string[] = [];
    const sink = Object.assign(new MemorySink(), {
      redelivered: (e: { messageId: string }) => void redelivered.push(e.messageId),
    });
    await sink.record(event);
    const { ack } = recordingAck();
    expect(await acceptInbound(decoded, ack, sink, silentLogger, 'frame-1', options)).toEqual({ kind: 'duplicate' });
    expect(redelivered).toEqual(['msg-1']);
  });

  it('acknowledges an undecodable callback without recording it', async () => {
    const sink = new MemorySink();
    const { ack, acks } = recordingAck();
    const outcome = await acceptInbound(
      { ok: false, error: { code: 'invalid-json', detail: 'x' } },
      ack,
      sink,
      silentLogger,
      'frame-1',
      options,
    );
    expect(outcome).toEqual({ kind: 'undecodable' });
    expect(acks).toEqual([{}]);
    expect(sink.recordCalls).toBe(0);
  });

  it('logs, never rethrows, a processing failure', async () => {
    const sink = new MemorySink();
    sink.process = () => Promise.reject(new Error('handler bug'));
    const outcome = await acceptInbound(decoded, recordingAck().ack, sink, silentLogger, 'frame-1', options);
    if (outcome.kind !== 'accepted') throw new Error(`unexpected ${outcome.kind}`);
    await expect(outcome.processing).resolves.toBeUndefined();
  });
});
