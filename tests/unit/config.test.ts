import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, it, expect } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.ts';

/** A complete, valid DingTalk environment; tests remove or override single variables. */
const DINGTALK_ENV = {
  DINGTALK_CLIENT_ID: 'ding-app-key',
  DINGTALK_CLIENT_SECRET: 'ding-app-secret',
  ADMIN_USER_IDS: 'manager1234',
} as const;

/** Runs loadConfig and returns the ConfigError it must throw. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('loadConfig: defaults', () => {
  it('an empty environment is a local bot on port 3000 with the demo organisation', () => {
    const config = loadConfig({});
    expect(config).toMatchObject<Partial<Config>>({
      platform: 'local',
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: 'file:./data/bot.db',
      databasePath: './data/bot.db',
      simulatorClock: false,
      demoSeed: true,
      exclusivityDays: 180,
      adminUserIds: ['admin'],
      logLevel: 'info',
    });
    expect(config.dingtalk).toBeUndefined();
  });

  it('does not read process.env when an environment is passed', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4567';
    try {
      expect(loadConfig({}).port).toBe(3000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('empty and blank strings count as unset', () => {
    const config = loadConfig({
      PLATFORM: '',
      PORT: '',
      DATABASE_URL: '   ',
      LOG_LEVEL: '',
      EXCLUSIVITY_DAYS: '',
      ADMIN_USER_IDS: '',
      DEMO_SEED: '',
      SIMULATOR_CLOCK: '',
      DINGTALK_CLIENT_ID: '',
      DINGTALK_API_BASE: '',
      DINGTALK_MODE: ' ',
    });
    expect(config.platform).toBe('local');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('file:./data/bot.db');
    expect(config.logLevel).toBe('info');
    expect(config.exclusivityDays).toBe(180);
    expect(config.adminUserIds).toEqual(['admin']);
    expect(config.demoSeed).toBe(true);
    expect(config.simulatorClock).toBe(false);
  });

  it('reads explicit values', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      DATABASE_URL: 'file:/var/lib/bot/prod.db',
      LOG_LEVEL: 'debug',
      EXCLUSIVITY_DAYS: '90',
      SIMULATOR_CLOCK: '1',
      SIMULATOR_ALLOW_REMOTE: '1',
      DEMO_SEED: 'off',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      simulatorAllowRemote: true,
      port: 8080,
      databaseUrl: 'file:/var/lib/bot/prod.db',
      databasePath: '/var/lib/bot/prod.db',
      logLevel: 'debug',
      exclusivityDays: 90,
      simulatorClock: true,
      demoSeed: false,
    });
  });

  it('refuses a simulator HOST beyond loopback unless SIMULATOR_ALLOW_REMOTE=1', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/SIMULATOR_ALLOW_REMOTE=1/);
    expect(() => loadConfig({ HOST: '192.168.1.20' })).toThrow(/HOST=192.168.1.20/);
    expect(loadConfig({ HOST: '127.0.0.2' }).simulatorAllowRemote).toBe(false);
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    expect(loadConfig({ ...DINGTALK_ENV, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('explicit ADMIN_USER_IDS replaces the local default and splits on commas (also full-width) and spaces', () => {
    expect(loadConfig({ ADMIN_USER_IDS: 'alice,bob， carol  dave' }).adminUserIds).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
    ]);
  });

  it('a postgresql:// URL selects PostgreSQL: no SQLite file, files under DATA_DIR (./data by default), an instance id for leases', () => {
    const pg = loadConfig({ DATABASE_URL: 'postgresql://bot:secret@db:5432/yipanqi' });
    expect(pg).toMatchObject({
      databaseUrl: 'postgresql://bot:secret@db:5432/yipanqi',
      databasePath: undefined,
      dataDir: './data',
    });
    expect(pg.instanceId).toBe(`${hostname()}-${process.pid}`);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/yipanqi', DATA_DIR: '/srv/bot', INSTANCE_ID: 'bot-a' }),
    ).toMatchObject({ dataDir: '/srv/bot', instanceId: 'bot-a' });
    expect(loadConfig({ DATABASE_URL: 'file:/var/lib/bot/prod.db' }).dataDir).toBe('/var/lib/bot');
  });

  it('demo seed is off by default on DingTalk and can be turned on', () => {
    expect(loadConfig({ ...DINGTALK_ENV }).demoSeed).toBe(false);
    expect(loadConfig({ ...DINGTALK_ENV, DEMO_SEED: 'yes' }).demoSeed).toBe(true);
  });
});

describe('loadConfig: platform', () => {
  it('infers dingtalk when DINGTALK_CLIENT_ID is set', () => {
    const config = loadConfig({ ...DINGTALK_ENV });
    expect(config.platform).toBe('dingtalk');
    expect(config.adminUserIds).toEqual(['manager1234']);
    expect(config.dingtalk).toEqual({
      clientId: 'ding-app-key',
      clientSecret: 'ding-app-secret',
      robotCode: 'ding-app-key',
      mode: 'stream',
      apiBase: 'https://api.dingtalk.com',
      oapiBase: 'https://oapi.dingtalk.com',
      cardTemplateId: undefined,
      monthlyQuota: 5000,
    });
  });

  it('an explicit PLATFORM=local wins over DingTalk credentials', () => {
    const config = loadConfig({ ...DINGTALK_ENV, PLATFORM: 'local' });
    expect(config.platform).toBe('local');
    expect(config.dingtalk).toBeUndefined();
  });

  it('robotCode defaults to the client id, and an explicit one is kept', () => {
    expect(loadConfig({ ...DINGTALK_ENV }).dingtalk?.robotCode).toBe('ding-app-key');
    expect(loadConfig({ ...DINGTALK_ENV, DINGTALK_ROBOT_CODE: 'robot-9' }).dingtalk?.robotCode).toBe('robot-9');
  });

  it('strips trailing slashes from the API bases', () => {
    const config = loadConfig({
      ...DINGTALK_ENV,
      DINGTALK_API_BASE: 'https://api.example.test/v1/',
      DINGTALK_OAPI_BASE: 'http://127.0.0.1:9000//',
    });
    expect(config.dingtalk?.apiBase).toBe('https://api.example.test/v1');
    expect(config.dingtalk?.oapiBase).toBe('http://127.0.0.1:9000');
  });

  it('reads mode http, card template and quota', () => {
    const config = loadConfig({
      ...DINGTALK_ENV,
      DINGTALK_MODE: 'http',
      DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema',
      DINGTALK_MONTHLY_QUOTA: '10000',
    });
    expect(config.dingtalk).toMatchObject({ mode: 'http', cardTemplateId: 'tpl.schema', monthlyQuota: 10000 });
  });

  it('dingtalk without a secret names DINGTALK_CLIENT_SECRET', () => {
    const error = configError({ DINGTALK_CLIENT_ID: 'ding-app-key', ADMIN_USER_IDS: 'manager1234' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('DINGTALK_CLIENT_SECRET');
    expect(error.message).toMatch(/AppSecret/);
  });

  it('PLATFORM=dingtalk without a client id names DINGTALK_CLIENT_ID', () => {
    const error = configError({ PLATFORM: 'dingtalk', DINGTALK_CLIENT_SECRET: 's', ADMIN_USER_IDS: 'manager1234' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('DINGTALK_CLIENT_ID');
  });

  it('dingtalk without ADMIN_USER_IDS fails (no "admin" default outside local mode)', () => {
    const error = configError({ DINGTALK_CLIENT_ID: 'ding-app-key', DINGTALK_CLIENT_SECRET: 'ding-app-secret' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('ADMIN_USER_IDS');
    expect(error.message).toMatch(/ADMIN_USER_IDS=\S+/);
  });

  it('dingtalk with ADMIN_USER_IDS made only of separators fails', () => {
    expect(configError({ ...DINGTALK_ENV, ADMIN_USER_IDS: ' , ，' }).message).toContain('ADMIN_USER_IDS');
  });

  it('lark is chosen explicitly or inferred from LARK_APP_ID; LARK_DOMAIN names feishu, lark or a base URL', () => {
    const env = { LARK_APP_ID: 'cli_0123456789abcdef', LARK_APP_SECRET: 'secret', ADMIN_USER_IDS: 'ou_admin' };
    expect(loadConfig(env)).toMatchObject({
      platform: 'lark',
      lark: { appId: 'cli_0123456789abcdef', appSecret: 'secret', domain: 'https://open.feishu.cn' },
    });
    expect(loadConfig({ ...env, PLATFORM: 'lark', LARK_DOMAIN: 'lark' }).lark?.domain).toBe(
      'https://open.larksuite.com',
    );
    expect(loadConfig({ ...env, LARK_DOMAIN: 'http://127.0.0.1:9999/' }).lark?.domain).toBe('http://127.0.0.1:9999');
    expect(configError({ ...env, LARK_DOMAIN: 'ftp://x' }).message).toContain('LARK_DOMAIN');
  });

  it('lark without credentials, or with an App ID the SDK would refuse, fails with each fix', () => {
    const missing = configError({ PLATFORM: 'lark', ADMIN_USER_IDS: 'ou_admin' });
    expect(missing.problems).toHaveLength(2);
    expect(missing.message).toContain('LARK_APP_ID is missing');
    expect(missing.message).toContain('LARK_APP_SECRET is missing');
    const malformed = configError({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 'y', ADMIN_USER_IDS: 'ou_admin' });
    expect(malformed.problems).toHaveLength(1);
    expect(malformed.message).toMatch(/cli_ followed by 16 hex digits/);
    expect(configError({ LARK_APP_ID: 'cli_0123456789abcdef', LARK_APP_SECRET: 'y' }).message).toMatch(/open_id/);
  });

  it('SIMULATOR_CLOCK with dingtalk fails; SIMULATOR_CLOCK=0 with dingtalk is fine', () => {
    const error = configError({ ...DINGTALK_ENV, SIMULATOR_CLOCK: '1' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('SIMULATOR_CLOCK');
    expect(error.message).toContain('PLATFORM=local');
    expect(loadConfig({ ...DINGTALK_ENV, SIMULATOR_CLOCK: '0' }).simulatorClock).toBe(false);
  });

  it('an unknown PLATFORM is rejected with the allowed values', () => {
    const error = configError({ PLATFORM: 'wechat' });
    expect(error.message).toContain('PLATFORM');
    expect(error.message).toContain('set PLATFORM to local, dingtalk, lark or zwdd');
  });
});

describe('loadConfig: each wrong value names the variable and a fix', () => {
  it.each<[string, string, RegExp]>([
    ['PORT', 'abc', /set PORT to a number between 0 and 65535/],
    ['PORT', '70000', /set PORT to a number between 0 and 65535/],
    ['PORT', '-1', /set PORT to a number between 0 and 65535/],
    ['PORT', '3000.5', /set PORT to a number between 0 and 65535/],
    ['LOG_LEVEL', 'loud', /set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent/],
    ['EXCLUSIVITY_DAYS', '0', /set EXCLUSIVITY_DAYS to a whole number of days/],
    ['EXCLUSIVITY_DAYS', 'forever', /set EXCLUSIVITY_DAYS to a whole number of days/],
    ['DATABASE_URL', 'mysql://bot@db/yipanqi', /DATABASE_URL=file:\.\/data\/bot\.db\) or a PostgreSQL URL/],
    ['DINGTALK_MODE', 'ws', /set DINGTALK_MODE to stream \(default\) or http/],
    ['DINGTALK_API_BASE', 'not-a-url', /set DINGTALK_API_BASE to an http\(s\) URL/],
    ['DINGTALK_API_BASE', 'ftp://files.example.test', /set DINGTALK_API_BASE to an http\(s\) URL/],
    ['DINGTALK_OAPI_BASE', 'oapi', /set DINGTALK_OAPI_BASE to an http\(s\) URL/],
    ['SIMULATOR_CLOCK', 'maybe', /SIMULATOR_CLOCK=1/],
    ['DEMO_SEED', 'maybe', /set DEMO_SEED=1 or DEMO_SEED=0/],
  ])('%s=%s', (variable, value, fix) => {
    const error = configError({ [variable]: value });
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem).toContain(`${variable}=${JSON.stringify(value)}`);
    expect(problem).toMatch(fix);
    expect(error.message).toContain(problem);
  });
});

describe('loadConfig: several problems are reported together', () => {
  it('all invalid values at once', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', EXCLUSIVITY_DAYS: '0', DINGTALK_MODE: 'ws' });
    expect(error.problems).toHaveLength(4);
    for (const variable of ['PORT', 'LOG_LEVEL', 'EXCLUSIVITY_DAYS', 'DINGTALK_MODE']) {
      expect(error.problems.some((p) => p.startsWith(`${variable}=`))).toBe(true);
    }
  });

  it('all missing DingTalk settings at once', () => {
    const error = configError({ PLATFORM: 'dingtalk', SIMULATOR_CLOCK: 'on' });
    const text = error.problems.join('\n');
    expect(error.problems).toHaveLength(4);
    expect(text).toContain('DINGTALK_CLIENT_ID');
    expect(text).toContain('DINGTALK_CLIENT_SECRET');
    expect(text).toContain('ADMIN_USER_IDS');
    expect(text).toContain('SIMULATOR_CLOCK');
  });

  // loadConfig promises "every problem is reported together"; an invalid value must not hide a
  // missing DingTalk secret, or the deployer fixes one problem per restart.
  it('an invalid value and a missing DingTalk setting at once', () => {
    const error = configError({ PORT: 'abc', DINGTALK_CLIENT_ID: 'ding-app-key', ADMIN_USER_IDS: 'manager1234' });
    const text = error.problems.join('\n');
    expect(text).toContain('PORT=');
    expect(text).toContain('DINGTALK_CLIENT_SECRET');
  });
});

describe('loadConfig: operations (DESIGN §9)', () => {
  it('defaults: no OPS_TOKEN, backups beside the database keeping 14, an instance id from host and pid', () => {
    const config = loadConfig({ DATABASE_URL: 'file:/srv/yipanqi/bot.db' });
    expect(config.opsToken).toBeUndefined();
    expect(config.backupDir).toBe('/srv/yipanqi/backups');
    expect(config.backupKeep).toBe(14);
    expect(config.instanceId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('reads OPS_TOKEN, BACKUP_DIR, BACKUP_KEEP and INSTANCE_ID', () => {
    const config = loadConfig({
      OPS_TOKEN: 'x'.repeat(24),
      BACKUP_DIR: '/backups',
      BACKUP_KEEP: '30',
      INSTANCE_ID: 'bot-1',
    });
    expect(config).toMatchObject({
      opsToken: 'x'.repeat(24),
      backupDir: '/backups',
      backupKeep: 30,
      instanceId: 'bot-1',
    });
  });

  it('refuses a short OPS_TOKEN without printing it, a bad BACKUP_KEEP and a bad INSTANCE_ID, each with its fix', () => {
    const error = configError({ OPS_TOKEN: 'secret-123', BACKUP_KEEP: '0', INSTANCE_ID: 'bot 1' });
    const text = error.problems.join('\n');
    expect(error.problems).toHaveLength(3);
    expect(text).not.toContain('secret-123');
    expect(text).toContain('OPS_TOKEN=(hidden) is invalid');
    expect(text).toContain('at least 16 characters');
    expect(text).toContain('BACKUP_KEEP="0"');
    expect(text).toContain('INSTANCE_ID="bot 1"');
  });
});

describe('every variable loadConfig reads is documented', () => {
  const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
  const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  const variables = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);

  it('finds the variables', () => {
    expect(variables).toEqual(
      expect.arrayContaining(['PLATFORM', 'OPS_TOKEN', 'BACKUP_DIR', 'BACKUP_KEEP', 'INSTANCE_ID']),
    );
  });

  it('in .env.example and in the README', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(variables.filter((v) => !new RegExp(`^${v}=`, 'm').test(example))).toEqual([]);
    expect(variables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});

describe('loadConfig: 浙政钉 (PLATFORM=zwdd)', () => {
  const ZWDD_ENV = {
    ZWDD_APP_KEY: 'zw-key',
    ZWDD_APP_SECRET: 'zw-secret',
    ZWDD_TENANT_ID: '196729',
    ADMIN_USER_IDS: '100135',
  } as const;

  it('is inferred from its credentials, with the production gateway, the default callback path and the AppSecret as callback key', () => {
    const config = loadConfig(ZWDD_ENV);
    expect(config.platform).toBe('zwdd');
    expect(config.demoSeed).toBe(false);
    expect(config.zwdd).toEqual({
      appKey: 'zw-key',
      appSecret: 'zw-secret',
      tenantId: '196729',
      apiBase: 'https://openplatform-pro.ding.zj.gov.cn',
      callbackPath: '/zwdd/callback',
      callbackSecret: 'zw-secret',
    });
  });

  it('reads the test gateway, another callback path and a separate callback key', () => {
    const config = loadConfig({
      ...ZWDD_ENV,
      ZWDD_API_BASE: 'https://openplatform.dg-work.cn/',
      ZWDD_CALLBACK_PATH: '/robot/zzd',
      ZWDD_CALLBACK_SECRET: 'outgoing-token',
    });
    expect(config.zwdd).toMatchObject({
      apiBase: 'https://openplatform.dg-work.cn',
      callbackPath: '/robot/zzd',
      callbackSecret: 'outgoing-token',
    });
  });

  it('names every missing credential at once, each with where to find it', () => {
    const error = configError({ PLATFORM: 'zwdd', ADMIN_USER_IDS: '100135' });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('ZWDD_APP_KEY');
    expect(error.message).toContain('ZWDD_APP_SECRET');
    expect(error.message).toMatch(/ZWDD_TENANT_ID=196729/);
  });

  it('refuses a non-numeric tenant, a callback path without a slash and a gateway that is not http(s)', () => {
    const error = configError({
      ...ZWDD_ENV,
      ZWDD_TENANT_ID: 'abc',
      ZWDD_CALLBACK_PATH: 'callback',
      ZWDD_API_BASE: 'ftp://x',
    });
    const text = error.problems.join('\n');
    expect(text).toContain('ZWDD_TENANT_ID');
    expect(text).toContain('ZWDD_CALLBACK_PATH');
    expect(text).toContain('ZWDD_API_BASE');
  });
});
