import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const flag = (defaultValue: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? defaultValue : ['1', 'true', 'on', 'yes'].includes(v)));

const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const PLATFORMS = ['local', 'dingtalk', 'lark', 'zwdd'] as const;

const envSchema = z.object({
  PLATFORM: z.enum(PLATFORMS).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(
      /^(?:file:.+|postgres(?:ql)?:\/\/.+)/i,
      'must look like file:./data/bot.db or postgresql://user:password@host:5432/db',
    )
    .default('file:./data/bot.db'),
  DATA_DIR: optionalText,
  INSTANCE_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  SIMULATOR_CLOCK: flag(false),
  SIMULATOR_ALLOW_REMOTE: flag(false),
  DEMO_SEED: z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', '']).optional(),
  EXCLUSIVITY_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  ADMIN_USER_IDS: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  DINGTALK_ROBOT_CODE: optionalText,
  DINGTALK_MODE: z.enum(['stream', 'http']).default('stream'),
  DINGTALK_API_BASE: httpUrl.default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: httpUrl.default('https://oapi.dingtalk.com'),
  DINGTALK_CARD_TEMPLATE_ID: optionalText,
  DINGTALK_MONTHLY_QUOTA: z.coerce.number().int().min(1).default(5000),
  LARK_APP_ID: optionalText,
  LARK_APP_SECRET: optionalText,
  LARK_DOMAIN: z
    .union([z.enum(['feishu', 'lark']), httpUrl])
    .default('feishu')
    .transform((d) => (d === 'feishu' ? 'https://open.feishu.cn' : d === 'lark' ? 'https://open.larksuite.com' : d)),
  OPS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'too short'),
  BACKUP_DIR: optionalText,
  BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(14),
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, . _ - only')
    .optional(),
  ZWDD_APP_KEY: optionalText,
  ZWDD_APP_SECRET: optionalText,
  ZWDD_TENANT_ID: z.string().regex(/^\d+$/, 'must be the numeric tenant id').optional(),
  ZWDD_API_BASE: httpUrl.default('https://openplatform-pro.ding.zj.gov.cn'),
  ZWDD_CALLBACK_PATH: z
    .string()
    .regex(/^\/[\w\-./]*$/, 'must be a URL path starting with /')
    .default('/zwdd/callback'),
  ZWDD_CALLBACK_SECRET: optionalText,
});

/** Never echoed in an error message: start-up output ends up in logs. */
const SECRETS = new Set(['OPS_TOKEN', 'DINGTALK_CLIENT_SECRET', 'LARK_APP_SECRET']);

/** How to fix each variable, shown when it is wrong so a deployer need not read the code. */
const FIXES: Record<string, string> = {
  PLATFORM: 'set PLATFORM to local, dingtalk, lark or zwdd',
  HOST: 'set HOST to an interface address such as 127.0.0.1',
  PORT: 'set PORT to a number between 0 and 65535, e.g. PORT=3000',
  INSTANCE_LEASE_SECONDS: 'set INSTANCE_LEASE_SECONDS to a whole number of seconds between 2 and 600 (default 30)',
  DATABASE_URL:
    'set DATABASE_URL to a SQLite file URL (DATABASE_URL=file:./data/bot.db) or a PostgreSQL URL (DATABASE_URL=postgresql://bot:secret@db:5432/yipanqi)',
  SIMULATOR_CLOCK: 'set SIMULATOR_CLOCK=1 to enable POST /api/clock, or leave it unset',
  DEMO_SEED: 'set DEMO_SEED=1 or DEMO_SEED=0',
  EXCLUSIVITY_DAYS: 'set EXCLUSIVITY_DAYS to a whole number of days between 1 and 3650 (default 180)',
  LOG_LEVEL: 'set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent',
  DINGTALK_MODE: 'set DINGTALK_MODE to stream (default) or http',
  DINGTALK_API_BASE: 'set DINGTALK_API_BASE to an http(s) URL, default https://api.dingtalk.com',
  DINGTALK_OAPI_BASE: 'set DINGTALK_OAPI_BASE to an http(s) URL, default https://oapi.dingtalk.com',
  ZWDD_TENANT_ID: 'set ZWDD_TENANT_ID to your 浙政钉 tenant id (租户ID, digits only)',
  ZWDD_API_BASE:
    'set ZWDD_API_BASE to the gateway URL, default https://openplatform-pro.ding.zj.gov.cn (test tenants: https://openplatform.dg-work.cn)',
  ZWDD_CALLBACK_PATH: 'set ZWDD_CALLBACK_PATH to the path of the robot callback URL, default /zwdd/callback',
  DINGTALK_MONTHLY_QUOTA:
    'set DINGTALK_MONTHLY_QUOTA to the number of OpenAPI calls your organisation may make a month (default 5000)',
  LARK_DOMAIN: 'set LARK_DOMAIN to feishu (open.feishu.cn, default), lark (open.larksuite.com) or an http(s) base URL',
  OPS_TOKEN:
    'set OPS_TOKEN to a random secret of at least 16 characters (e.g. openssl rand -hex 24), or leave it unset',
  BACKUP_KEEP: 'set BACKUP_KEEP to how many daily backups to keep, 1 to 3650 (default 14)',
  INSTANCE_ID: 'set INSTANCE_ID to a short name such as bot-1 (letters, digits, . _ -), or leave it unset',
};

export interface Config {
  platform: 'local' | 'dingtalk' | 'lark' | 'zwdd';
  host: string;
  port: number;
  databaseUrl: string;
  /** The SQLite file; undefined on PostgreSQL. */
  databasePath: string | undefined;
  /** Where generated files (XLSX ledgers) live: beside the SQLite file, or DATA_DIR. */
  dataDir: string;
  /** How long an instance holds an inbound event it is processing; a survivor takes over after it. */
  instanceLeaseMs: number;
  simulatorClock: boolean;
  /** The simulator has no login, so it listens beyond loopback only when the deployer says so. */
  simulatorAllowRemote: boolean;
  demoSeed: boolean;
  exclusivityDays: number;
  adminUserIds: string[];
  logLevel: string;
  /** Guards /metrics and the details of /readyz; unset means open (bind HOST to a private interface). */
  opsToken?: string;
  /** Where the daily SQLite backups go (default: backups/ beside the database). */
  backupDir: string;
  backupKeep: number;
  /** Names this process in logs, metrics and the leases it holds; two instances on one database need different names. */
  instanceId: string;
  dingtalk?: {
    clientId: string;
    clientSecret: string;
    robotCode: string;
    mode: 'stream' | 'http';
    apiBase: string;
    oapiBase: string;
    cardTemplateId?: string;
    monthlyQuota: number;
  };
  lark?: {
    appId: string;
    appSecret: string;
    /** Base URL of the open platform, without a trailing slash. */
    domain: string;
  };
  zwdd?: {
    appKey: string;
    appSecret: string;
    tenantId: string;
    apiBase: string;
    callbackPath: string;
    /** Key of the callback signature: the AppSecret unless the tenant signs with the robot's outgoingToken. */
    callbackSecret: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses the environment once at start-up; every problem is reported together, each with its fix. */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): Config {
  // An empty assignment (PLATFORM= in .env) means "use the default", as it does for most tools.
  const env = Object.fromEntries(
    Object.entries(rawEnv).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '');
        const shown = SECRETS.has(variable) ? '(hidden)' : JSON.stringify(env[variable]);
        return `${variable}=${shown} is invalid (${issue.message}); ${FIXES[variable] ?? 'see .env.example'}`;
      });
  // Cross-variable rules read the raw strings, so they are reported even when a value above failed.
  const hasDingTalk = Boolean(env.DINGTALK_CLIENT_ID || env.DINGTALK_CLIENT_SECRET);
  const hasLark = Boolean(env.LARK_APP_ID || env.LARK_APP_SECRET);
  const hasZwdd = Boolean(env.ZWDD_APP_KEY || env.ZWDD_APP_SECRET);
  const requested = PLATFORMS.find((p) => p === env.PLATFORM);
  const platform: Config['platform'] =
    requested ?? (hasDingTalk ? 'dingtalk' : hasLark ? 'lark' : hasZwdd ? 'zwdd' : 'local');
  if (platform === 'dingtalk') {
    if (!env.DINGTALK_CLIENT_ID)
      problems.push('DINGTALK_CLIENT_ID is missing; set it to the AppKey (Client ID) of your DingTalk app');
    if (!env.DINGTALK_CLIENT_SECRET)
      problems.push('DINGTALK_CLIENT_SECRET is missing; set it to the AppSecret (Client Secret) of your DingTalk app');
  }
  if (platform === 'zwdd') {
    if (!env.ZWDD_APP_KEY)
      problems.push('ZWDD_APP_KEY is missing; set it to the AppKey of your 浙政钉 app (开发者后台 → 应用 → AppKey)');
    if (!env.ZWDD_APP_SECRET) problems.push('ZWDD_APP_SECRET is missing; set it to the AppSecret of your 浙政钉 app');
    if (!env.ZWDD_TENANT_ID)
      problems.push('ZWDD_TENANT_ID is missing; set it to your 浙政钉 tenant id (租户ID), e.g. ZWDD_TENANT_ID=196729');
  }
  if (platform === 'lark') {
    if (!env.LARK_APP_ID)
      problems.push(
        'LARK_APP_ID is missing; set it to the App ID of your Lark/Feishu app (cli_ followed by 16 hex digits)',
      );
    // The SDK's WSClient silently refuses to start with any other App ID.
    else if (!/^cli_[0-9a-fA-F]{16}$/.test(env.LARK_APP_ID))
      problems.push(
        `LARK_APP_ID=${JSON.stringify(env.LARK_APP_ID)} is not an App ID; copy it from 凭证与基础信息 in the developer console (cli_ followed by 16 hex digits)`,
      );
    if (!env.LARK_APP_SECRET)
      problems.push('LARK_APP_SECRET is missing; set it to the App Secret of your Lark/Feishu app');
  }
  if (env.SIMULATOR_CLOCK && ['1', 'true', 'on', 'yes'].includes(env.SIMULATOR_CLOCK) && platform !== 'local') {
    problems.push('SIMULATOR_CLOCK=1 only works with PLATFORM=local; unset it in production');
  }
  const allowRemote = ['1', 'true', 'on', 'yes'].includes(env.SIMULATOR_ALLOW_REMOTE ?? '');
  if (platform === 'local' && !allowRemote && env.HOST !== undefined && !isLoopbackAddress(env.HOST)) {
    problems.push(
      `HOST=${env.HOST} would open the simulator, which lets anyone act as any user, to the network; use HOST=127.0.0.1, or set SIMULATOR_ALLOW_REMOTE=1 if every machine that can reach it is trusted`,
    );
  }
  const adminUserIds = (env.ADMIN_USER_IDS ?? (platform === 'local' ? 'admin' : ''))
    .split(/[,，\s]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  if (platform !== 'local' && adminUserIds.length === 0) {
    problems.push(
      platform === 'lark'
        ? 'ADMIN_USER_IDS is empty; set it to the open_id of at least one administrator, e.g. ADMIN_USER_IDS=ou_0123456789abcdef'
        : platform === 'zwdd'
          ? 'ADMIN_USER_IDS is empty; set it to the 浙政钉 accountId of at least one administrator, e.g. ADMIN_USER_IDS=100135'
          : 'ADMIN_USER_IDS is empty; set it to the DingTalk userId (staffId) of at least one administrator, e.g. ADMIN_USER_IDS=manager1234',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dingtalk: Config['dingtalk'] =
    platform === 'dingtalk' && e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET
      ? {
          clientId: e.DINGTALK_CLIENT_ID,
          clientSecret: e.DINGTALK_CLIENT_SECRET,
          robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
          mode: e.DINGTALK_MODE,
          apiBase: e.DINGTALK_API_BASE,
          oapiBase: e.DINGTALK_OAPI_BASE,
          cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID,
          monthlyQuota: e.DINGTALK_MONTHLY_QUOTA,
        }
      : undefined;
  const lark: Config['lark'] =
    platform === 'lark' && e.LARK_APP_ID && e.LARK_APP_SECRET
      ? { appId: e.LARK_APP_ID, appSecret: e.LARK_APP_SECRET, domain: e.LARK_DOMAIN }
      : undefined;

  const zwdd: Config['zwdd'] =
    platform === 'zwdd' && e.ZWDD_APP_KEY && e.ZWDD_APP_SECRET && e.ZWDD_TENANT_ID
      ? {
          appKey: e.ZWDD_APP_KEY,
          appSecret: e.ZWDD_APP_SECRET,
          tenantId: e.ZWDD_TENANT_ID,
          apiBase: e.ZWDD_API_BASE,
          callbackPath: e.ZWDD_CALLBACK_PATH,
          callbackSecret: e.ZWDD_CALLBACK_SECRET ?? e.ZWDD_APP_SECRET,
        }
      : undefined;

  const databasePath = /^file:/i.test(e.DATABASE_URL) ? e.DATABASE_URL.replace(/^file:/i, '') : undefined;
  const demoSeed =
    e.DEMO_SEED === undefined || e.DEMO_SEED === ''
      ? platform === 'local'
      : ['1', 'true', 'on', 'yes'].includes(e.DEMO_SEED);
  const dataDir = e.DATA_DIR ?? (databasePath === undefined ? './data' : dirname(databasePath));
  return {
    platform,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePath,
    dataDir,
    instanceLeaseMs: e.INSTANCE_LEASE_SECONDS * 1000,
    simulatorClock: e.SIMULATOR_CLOCK,
    simulatorAllowRemote: e.SIMULATOR_ALLOW_REMOTE,
    demoSeed,
    exclusivityDays: e.EXCLUSIVITY_DAYS,
    adminUserIds,
    logLevel: e.LOG_LEVEL,
    opsToken: e.OPS_TOKEN,
    backupDir: e.BACKUP_DIR ?? join(dataDir, 'backups'),
    backupKeep: e.BACKUP_KEEP,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    dingtalk,
    lark,
    zwdd,
  };
}
