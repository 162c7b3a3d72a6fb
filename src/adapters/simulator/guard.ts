/**
 * The simulator has no login: whoever reaches its API may act as any user, ADMIN included. It must
 * therefore answer only the people at this machine, never a web page they happen to have open:
 * - Host must name the loopback interface, or a page on attacker.example could rebind its name to
 *   127.0.0.1 and read `/api/sent` and the event stream as same-origin;
 * - a browser request must come from the simulator's own origin (a page on another localhost port is
 *   same-site, but not same-origin);
 * - a POST must be `application/json`, which a cross-origin page cannot send without a CORS
 *   preflight we never grant (a no-cors `text/plain` POST otherwise arrives with its body).
 * Scripts and curl send no Origin and no Sec-Fetch-Site, and pass.
 */
import type { IncomingMessage } from 'node:http';

export interface SimulatorGuardOptions {
  /** SIMULATOR_ALLOW_REMOTE=1: other machines may reach the simulator, so any Host is accepted. */
  allowRemote: boolean;
}

export type GuardRefusal = { status: 403 | 415; error: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The hostname of a Host header value: "127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "[::1]". */
function hostName(host: string): string {
  return /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? host;
}

/** null when the request may proceed, otherwise the refusal to answer with. */
export function guardSimulatorRequest(req: IncomingMessage, options: SimulatorGuardOptions): GuardRefusal | null {
  const host = req.headers.host ?? '';
  if (!options.allowRemote && !isLoopbackHost(hostName(host)))
    return { status: 403, error: `host ${host || '(none)'} is not allowed` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return { status: 403, error: `origin ${origin} is not allowed` };
  const site = req.headers['sec-fetch-site'];
  // Following a link to the page is harmless: the other site cannot read what a navigation returns.
  const navigation = req.method === 'GET' && req.headers['sec-fetch-mode'] === 'navigate';
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation)
    return { status: 403, error: `cross-site request (${site}) refused` };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, error: 'send the body as application/json' };
  }
  return null;
}
