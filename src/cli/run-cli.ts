import { Command, CommanderError, Option } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { WeekError } from '../edition/week-error.ts';
import { demoConfig } from './demo-config.ts';
import { collectHostName, parsePort, portNumber, positiveNumber, statsWeek } from './option-values.ts';
import type { Runtime } from './runtime.ts';

// Each command's module is loaded when that command runs: together they pull in React, MJML, the
// database drivers and the HTTP server, and `verdicts stats` has no use for most of it.
/** Where the CLI runs: the process (src/cli.ts) or a test's doubles. */
export interface CliHost {
  /** Environment variables, read once (configuration). */
  env: Record<string, string | undefined>;
  /** Raw output: help, usage errors and the messages of configuration errors. */
  out: (chunk: string) => void;
  err: (chunk: string) => void;
  /** The outside world the commands use, built once the configuration is known. */
  runtime: (config: Config) => Runtime;
}

/**
 * Parses argv, runs the command on a runtime from `host` (built on first use, so `--help` and usage
 * errors need no configuration) and returns the exit code: 0 ok, 1 input problem or unfinished send,
 * 2 bad configuration or arguments.
 */
export async function runCli(argv: string[], host: CliHost): Promise<number> {
  let runtime: Runtime | undefined;
  const getRuntime = (adjust: (config: Config) => Config = (config) => config): Runtime => {
    if (!runtime) {
      const config = adjust(loadConfig(host.env));
      if (config.usingDevSecret) {
        host.err('note: SECRET is not set; using the development secret (fine for the outbox demo).\n');
      }
      runtime = host.runtime(config);
    }
    return runtime;
  };
  let exitCode = 0;
  const program = new Command('verdicts')
    .description('Weekly Verdicts: content files → weekly digest → every confirmed subscriber, exactly once.')
    .exitOverride()
    .configureOutput({ writeOut: host.out, writeErr: host.err });

  const content = () => new Option('--content <dir>', 'content folder (comparisons/ and reviewers.yaml)');
  const issues = () => new Option('--issues <dir>', 'weekly issue notes folder');
  const week = (fallback: string) =>
    new Option('--week <week>', 'ISO week (2026-W48), "latest" (last complete week) or "current"').default(
      fallback,
    );

  program
    .command('check')
    .description('validate every content file and issue note; list all problems at once')
    .addOption(content())
    .addOption(issues())
    .option('--week <week>', 'also assemble and render this week')
    .action(async (options) => {
      const { checkCommand } = await import('./check-command.ts');
      exitCode = await checkCommand(getRuntime(), options);
    });

  program
    .command('build')
    .description('render a week to <out>/<week>.html, .txt and .json')
    .addOption(week('latest'))
    .addOption(content())
    .addOption(issues())
    .option('--out <dir>', 'output folder (default out/)')
    .action(async (options) => {
      const { buildCommand } = await import('./build-command.ts');
      exitCode = await buildCommand(getRuntime(), options);
    });

  program
    .command('send')
    .description('send a week to every active subscriber (outbox without RESEND_API_KEY); resumes safely')
    .addOption(week('latest'))
    .addOption(content())
    .addOption(issues())
    .option('--out <dir>', 'output folder for the outbox (default out/)')
    .option('--dry-run', 'render and count without sending')
    .option('--to <address>', 'send one test copy to this address, outside the ledger')
    .option('--force', 'send even when the content has problems')
    .option('--max-rps <n>', 'ceiling on requests per second', positiveNumber)
    .option('--override-hold', 'send although a reputation hold applies (an operator’s decision; logged)')
    .action(async (options) => {
      const { sendCommand } = await import('./send-command.ts');
      exitCode = await sendCommand(getRuntime(), { ...options, maxRps: options.maxRps });
    });

  program
    .command('serve')
    .description('serve the signup page, confirmation and unsubscribe links, and Resend webhooks')
    .option('--port <n>', 'port to listen on (default PORT or 3000)', portNumber)
    .action(async (options) => {
      const { serveCommand } = await import('./serve-command.ts');
      exitCode = await serveCommand(getRuntime(), options);
    });

  program
    .command('preview')
    .description('editor preview: every week and draft as subscribers will see it, with the pre-send checks')
    .addOption(content())
    .addOption(issues())
    .option('--out <dir>', 'output folder for test sends to the outbox (default out/)')
    .option('--port <n>', 'port to listen on', parsePort, 3001)
    .option('--host <address>', 'address to bind (only this machine by default)', '127.0.0.1')
    .option(
      '--allowed-host <name>',
      'a host name the preview answers for besides localhost ones (repeatable)',
      collectHostName,
    )
    .action(async (options) => {
      const { previewCommand } = await import('./preview-command.ts');
      exitCode = await previewCommand(getRuntime(), options);
    });

  program
    .command('schedule')
    .description(
      'run unattended: send the last complete week at SEND_CRON in SITE_TIMEZONE, catching up a missed run',
    )
    .addOption(content())
    .addOption(issues())
    .option('--out <dir>', 'output folder for the outbox (default out/)')
    .action(async (options) => {
      const { scheduleCommand } = await import('./schedule-command.ts');
      exitCode = await scheduleCommand(getRuntime(), options);
    });

  program
    .command('status')
    .description('subscribers by status, the last issues with their counts, and the next scheduled run')
    .option('--limit <n>', 'how many issues to list', (value) => Number.parseInt(value, 10), 10)
    .option('--json', 'print JSON')
    .action(async (options) => {
      const { statusCommand } = await import('./status-command.ts');
      exitCode = await statusCommand(getRuntime(), options);
    });

  program
    .command('stats')
    .description('what readers did with each edition: the last 12 one line each, or one week in detail')
    .option(
      '--week <week>',
      'one edition in detail: comparisons and tools by readers who clicked, links',
      statsWeek,
    )
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action(async (options) => {
      const { statsCommand } = await import('./stats-command.ts');
      exitCode = await statsCommand(getRuntime(), options);
    });

  program
    .command('topics')
    .description('the topics readers can follow: id, name and how many comparisons each has')
    .addOption(content())
    .option('--json', 'print JSON: [{"id","name","comparisons"}]')
    .action(async (options) => {
      const { topicsCommand } = await import('./topics-command.ts');
      exitCode = await topicsCommand(getRuntime(), options);
    });

  program
    .command('demo')
    .description(
      'guided run of the weekly job on the embedded defaults: import the sample subscribers, build and send 2026-W47 to the outbox',
    )
    .action(async () => {
      const { demoCommand } = await import('./demo-command.ts');
      exitCode = await demoCommand(getRuntime(demoConfig));
    });

  // `subscribers` and `votes` have trees of subcommands, so commander needs them registered before
  // parsing: loaded only when the first word could be one of them (help included).
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (!first || !program.commands.some((command) => command.name() === first)) {
    const { registerSubscriberCommands } = await import('./subscribers-command.ts');
    const { registerVotesCommands } = await import('./votes-command.ts');
    const setExitCode = (code: number) => {
      exitCode = code;
    };
    registerSubscriberCommands(program, getRuntime, setExitCode);
    registerVotesCommands(program, getRuntime, setExitCode);
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help and version exit 0; a bad flag, argument or value is a usage error: 2, as the README says.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError || error instanceof WeekError) {
      host.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && /DATABASE_URL/.test(error.message)) {
      host.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
