import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { createResendTransport } from './resend-transport.ts';
import type { Transport } from './transport.ts';

/** Resend when RESEND_API_KEY is set; otherwise the outbox folder `<out>/outbox/<folder>/`. */
export function createTransport(
  config: Config,
  outDir: string,
  folder: string,
  date: Date,
  warn?: (message: string) => void,
): Transport {
  if (config.resendApiKey) {
    return createResendTransport({
      apiKey: config.resendApiKey,
      baseUrl: config.resendBaseUrl,
      templates: config.resendTemplates,
      warn,
    });
  }
  return createOutboxTransport({
    dir: outboxDir(outDir, folder),
    messageIdHost: new URL(config.publicUrl).hostname,
    date,
  });
}

export function outboxDir(outDir: string, folder: string): string {
  return join(outDir, 'outbox', folder);
}
