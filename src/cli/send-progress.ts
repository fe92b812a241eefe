import cliProgress from 'cli-progress';
import type { SendEvent } from '../send/send-run.ts';
import type { Runtime } from './runtime.ts';

/** A progress bar (sent/total, rate, ETA) on a terminal; plain log lines otherwise. */
export function createSendProgress(runtime: Runtime) {
  let bar: cliProgress.SingleBar | undefined;
  let done = 0;
  let total = 0;
  let lastLogged = 0;
  const startedAt = runtime.clock().getTime();

  function onEvent(event: SendEvent) {
    switch (event.type) {
      case 'started':
        total = event.audience;
        done = event.alreadyDone;
        runtime.stdout(
          event.created
            ? `${event.week}: new edition for ${event.audience} active subscribers`
            : event.alreadyDone >= event.audience
              ? `${event.week}: already sent to all ${event.audience} subscribers in its audience; nothing to do`
              : `${event.week}: resuming, ${event.alreadyDone} of ${event.audience} already done`,
        );
        if (event.alreadyDone >= event.audience) break;
        if (runtime.interactive && total > 0) {
          bar = new cliProgress.SingleBar(
            { format: '  {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}', hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done, { rate: '0' });
        }
        break;
      case 'batch': {
        done += event.sent + event.failed;
        const elapsed = (runtime.clock().getTime() - startedAt) / 1000;
        const rate = elapsed > 0 ? Math.round((done / elapsed) * 10) / 10 : 0;
        if (bar) bar.update(done, { rate: String(rate) });
        else if (done - lastLogged >= 1000 || done >= total) {
          lastLogged = done;
          runtime.stdout(`  ${done}/${total} (${rate}/s)`);
        }
        break;
      }
      case 'retry':
        log(`  batch ${event.batchNo}: ${event.reason}; retrying in ${(event.delayMs / 1000).toFixed(1)} s`);
        break;
      case 'uncertain':
        log(`  batch ${event.batchNo} marked uncertain: ${event.reason}`);
        break;
    }
  }

  function log(line: string) {
    if (bar) bar.stop();
    runtime.stderr(line);
    if (bar) bar.start(total, done);
  }

  return { onEvent, stop: () => bar?.stop() };
}
