import { join } from 'node:path';
import { outboxDir } from '../send/create-transport.ts';
import { createSubscriberStore } from '../store/subscriber-store.ts';
import { buildCommand } from './build-command.ts';
import type { Runtime } from './runtime.ts';
import { sendCommand } from './send-command.ts';
import { importCommand } from './subscribers-command.ts';

const WEEK = '2026-W47';
const SAMPLE_CSV = 'subscribers/sample.csv';

/**
 * `verdicts demo`: a guided run of the weekly job on `demoConfig`: import the sample subscribers, build
 * the sample week, send it to the outbox, send it again to show nothing goes out twice. Each step says
 * what it does, the command that does it, and where to look. Stops at the first step that fails.
 */
export async function demoCommand(runtime: Runtime): Promise<number> {
  const { databaseUrl, outDir } = runtime.config;
  const env = `DATABASE_URL=${databaseUrl} OUT_DIR=${outDir}`;
  const say = (text = '') => runtime.stdout(text);
  const step = (n: number, what: string, command: string) => {
    say();
    say(`${n}/4  ${what}`);
    say(`     $ ${env} npx verdicts ${command}`);
  };
  const failed = (code: number) => {
    runtime.stderr(`demo stopped: the step above failed (exit ${code}). Run it from the project folder.`);
    return code;
  };

  say('Weekly Verdicts demo: the weekly job on the embedded defaults, a SQLite database and the outbox');
  say(`folder (no API key, no server), all in ${outDir}/. Your own list and Resend are not touched.`);

  step(
    1,
    'Import the sample subscribers as people who already confirmed.',
    `subscribers import ${SAMPLE_CSV} --confirmed`,
  );
  const handle = await runtime.openStore();
  let code: number;
  try {
    code = await importCommand(runtime, createSubscriberStore(handle.db, runtime.clock), SAMPLE_CSV, true);
  } finally {
    await handle.close();
  }
  if (code !== 0) return failed(code);
  say(
    `     They are in ${databaseUrl}; \`verdicts subscribers list\` shows them (with the variables above).`,
  );

  step(
    2,
    `Render the sample week ${WEEK} from content/ and issues/, as subscribers will see it.`,
    `build --week ${WEEK}`,
  );
  code = await buildCommand(runtime, { week: WEEK });
  if (code !== 0) return failed(code);
  say(`     Open ${join(outDir, `${WEEK}.html`)} in a browser: the email, with web placeholders for the`);
  say('     personal links. The .txt is its plain-text part; the .json its subject and comparisons.');

  step(
    3,
    'Send it: one email to every active subscriber, into the outbox instead of Resend.',
    `send --week ${WEEK}`,
  );
  code = await sendCommand(runtime, { week: WEEK });
  if (code !== 0) return failed(code);
  say(`     Each file in ${outboxDir(outDir, WEEK)}/ is one subscriber's email as Resend would get it`);
  say('     (open a .eml with a mail app): their address, their own unsubscribe link, one-click headers.');
  say('     Any warnings above are the pre-send gate (`verdicts check --week W` runs it too): a real send');
  say('     has PUBLIC_URL set to the public https address of `verdicts serve`.');

  step(4, 'Send it again: the delivery ledger makes a re-run safe.', `send --week ${WEEK}`);
  code = await sendCommand(runtime, { week: WEEK });
  if (code !== 0) return failed(code);
  say('     Nobody got a second copy: a send resumes where the last one stopped and never repeats anyone.');

  say();
  say('Next: `npx verdicts preview` shows every week live while you edit content/ (http://127.0.0.1:3001);');
  say('`npx verdicts serve` runs the signup page; set RESEND_API_KEY and SECRET to send for real.');
  return 0;
}
