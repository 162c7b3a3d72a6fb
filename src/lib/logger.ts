import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Secrets only ever live in config; redact the places they could leak into a log line.
    redact: [
      'config.dingtalk.clientSecret',
      'config.lark.appSecret',
      'config.zwdd.appSecret',
      'config.zwdd.callbackSecret',
      'clientSecret',
      'appSecret',
      'headers.authorization',
    ],
  });
}
