import { existsSync } from 'node:fs';
import { startBot } from './bot.ts';
import { ConfigError, loadConfig } from './config.ts';
import { zhCN } from './messages/zh-CN.ts';

try {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const bot = await startBot(config);
  console.log(
    zhCN.bot.started({ address: bot.address, platform: zhCN.bot.platformLabel[config.platform] ?? config.platform }),
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await bot.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
