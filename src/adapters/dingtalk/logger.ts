import type { Logger } from 'pino';

/** The slice of the app's pino logger the adapter uses; tests pass `pino({ level: 'silent' })`. */
export type AdapterLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
