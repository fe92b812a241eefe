import { join } from 'node:path';
import type { Config } from '../config/config.ts';

/** What `verdicts demo` runs on: the embedded defaults in `<OUT_DIR>/demo/`, whatever the environment says. */
export function demoConfig(config: Config): Config {
  const outDir = join(config.outDir, 'demo');
  return {
    ...config,
    databaseUrl: join(outDir, 'subscribers.db'),
    outDir,
    contentDir: 'content',
    issuesDir: 'issues',
    resendApiKey: undefined,
    resendBaseUrl: undefined,
    resendTemplates: false,
  };
}
