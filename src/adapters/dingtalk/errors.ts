/**
 * Coded internal errors of the DingTalk adapter. The code is what logs and callers branch on; the
 * message is for humans reading logs and never reaches a chat.
 */
export type DingTalkErrorCode =
  /** The gateway refused the credentials (HTTP 401 authFailed); retrying cannot help. */
  | 'DINGTALK_AUTH_FAILED'
  | 'DINGTALK_OPEN_CONNECTION_FAILED'
  | 'DINGTALK_TOKEN_FAILED'
  /** The client was stopped while a caller still waited for it to connect. */
  | 'DINGTALK_STOPPED';

export class DingTalkAdapterError extends Error {
  override readonly name = 'DingTalkAdapterError';
  readonly code: DingTalkErrorCode;

  constructor(code: DingTalkErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}
