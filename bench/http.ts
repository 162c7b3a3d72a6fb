import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true });

/**
 * POSTs JSON to the simulator API over a kept-alive connection and returns the parsed answer. The
 * benches run their client in the bot's own process, where fetch (undici) spent about a millisecond of
 * its own per request on the event loop the bot needs: the client here is node:http, as lean as a
 * client gets, so a round trip measures the bot.
 */
export function postJson(address: string, path: string, body: unknown): Promise<unknown> {
  const payload = JSON.stringify(body);
  const url = new URL(path, address);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
