import { randomUUID } from 'node:crypto';
import type { Message } from '../../src/app/receiver.ts';

export interface SentRow {
  id: number;
  to: { conversationId?: string; userId?: string };
  message: Message;
  sentAt: string;
}

/** Talks to the simulator JSON API (DESIGN §2) the way a script or the web page would. */
export class SimClient {
  constructor(readonly baseUrl: string) {}

  async send(
    userId: string,
    conversationId: string,
    text: string,
    messageId: string = randomUUID(),
  ): Promise<Message[]> {
    const body = await this.post('/api/messages', { userId, conversationId, text, messageId });
    return (body as { replies: Message[] }).replies;
  }

  /** The text of the single reply, for the common one-answer case. */
  async say(userId: string, conversationId: string, text: string): Promise<string> {
    const replies = await this.send(userId, conversationId, text);
    return replies.map(textOf).join('\n---\n');
  }

  async click(userId: string, conversationId: string, actionId: string, value: string): Promise<Message[]> {
    const body = await this.post('/api/actions', { userId, conversationId, actionId, value });
    return (body as { replies: Message[] }).replies;
  }

  async sent(after = 0): Promise<SentRow[]> {
    const response = await fetch(`${this.baseUrl}/api/sent?after=${after}`);
    return ((await response.json()) as { messages: SentRow[] }).messages;
  }

  /** Polls /api/sent until `predicate` holds, since delivery happens after the reply. */
  async waitForSent(predicate: (rows: SentRow[]) => boolean, timeoutMs = 5000): Promise<SentRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.sent();
      if (predicate(rows)) return rows;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for sent messages; have ${JSON.stringify(rows.map((r) => textOf(r.message)))}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  }
}

export function textOf(message: Message): string {
  return [message.title, message.text, message.markdown].filter(Boolean).join('\n');
}
