import { z } from 'zod';
import { isValidTimezone } from '../content/week.ts';
import { cronError } from '../schedule/cron-times.ts';

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: `${name} must be an absolute http(s) URL`,
    })
    .transform((value) => value.replace(/\/+$/, ''));

const DEV_SECRET = 'weekly-verdicts-development-secret';

/** Environment variables read once at start-up. Names are a public contract (README table). */
export const envSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).default('subscribers/subscribers.db'),
  SITE_URL: url('SITE_URL').default('https://verdicts.example.com'),
  PUBLIC_URL: url('PUBLIC_URL').default('http://localhost:3000'),
  SITE_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimezone, { error: 'SITE_TIMEZONE must be an IANA timezone name such as Europe/Berlin' }),
  EMAIL_FROM: z
    .string()
    .trim()
    .min(3)
    .default('Weekly Verdicts <digest@verdicts.example.com>')
    .refine((value) => /@[^@\s>]+\.[^@\s>]+>?$/.test(value), {
      error: 'EMAIL_FROM must be an address, optionally with a name: "Weekly Verdicts <digest@example.com>"',
    }),
  EMAIL_REPLY_TO: z.email({ error: 'EMAIL_REPLY_TO must be an email address' }).optional(),
  POSTAL_ADDRESS: z
    .string()
    .trim()
    .min(5, { error: 'POSTAL_ADDRESS must be a postal address (anti-spam laws require one)' })
    .default('Weekly Verdicts, 100 Example Street, Springfield, USA'),
  SECRET: z.string().min(16, { error: 'SECRET must be at least 16 characters' }).default(DEV_SECRET),
  RESEND_API_KEY: z.string().trim().min(1).optional(),
  RESEND_BASE_URL: url('RESEND_BASE_URL').optional(),
  /** Keep each week's digest on Resend as a Template and send only each recipient's values. */
  RESEND_TEMPLATES: z
    .enum(['true', 'false', '1', '0'], { error: 'RESEND_TEMPLATES must be true or false' })
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Optional mailto for List-Unsubscribe, next to the https link. */
  UNSUBSCRIBE_MAILTO: z.email({ error: 'UNSUBSCRIBE_MAILTO must be an email address' }).optional(),
  /** How long a sender holds a batch before another may take it over (PostgreSQL scale-out). */
  SEND_LEASE_SECONDS: z.coerce
    .number({ error: 'SEND_LEASE_SECONDS must be a number of seconds' })
    .int({ error: 'SEND_LEASE_SECONDS must be a whole number of seconds' })
    .min(5, { error: 'SEND_LEASE_SECONDS must be at least 5' })
    .default(120),
  /** When `verdicts schedule` sends, in SITE_TIMEZONE (default Monday 09:00). */
  SEND_CRON: z
    .string()
    .trim()
    .default('0 9 * * 1')
    .superRefine((value, ctx) => {
      const error = cronError(value, 'UTC');
      if (error)
        ctx.addIssue({ code: 'custom', message: `SEND_CRON: "${value}" is not a cron expression: ${error}` });
    }),
  /** A run missed while the scheduler was down is made on start if at most this many hours old. */
  CATCH_UP_HOURS: z.coerce
    .number({ error: 'CATCH_UP_HOURS must be a number of hours' })
    .min(0, { error: 'CATCH_UP_HOURS must be 0 or more' })
    .max(24 * 6, { error: 'CATCH_UP_HOURS must be at most 144 (6 days)' })
    .default(24),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
    })
    .default('info'),
  CONTENT_DIR: z.string().trim().min(1).default('content'),
  ISSUES_DIR: z.string().trim().min(1).default('issues'),
  OUT_DIR: z.string().trim().min(1).default('out'),
  /** Verifies Resend's delivery webhooks (svix scheme); `/webhooks/resend` answers 404 without it. */
  RESEND_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, {
      error: 'RESEND_WEBHOOK_SECRET must be the signing secret Resend shows for the webhook (whsec_…)',
    })
    .optional(),
  /** Port `verdicts serve` listens on (`--port` overrides). */
  PORT: z.coerce
    .number({ error: 'PORT must be a port number' })
    .int({ error: 'PORT must be a whole number' })
    .min(1, { error: 'PORT must be from 1 to 65535' })
    .max(65535, { error: 'PORT must be from 1 to 65535' })
    .default(3000),
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For entry. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], { error: 'TRUST_PROXY must be true or false' })
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
});

export type Env = z.infer<typeof envSchema>;

/** The application's configuration, derived from the environment. */
export interface Config {
  databaseUrl: string;
  siteUrl: string;
  publicUrl: string;
  timezone: string;
  emailFrom: string;
  replyTo?: string | undefined;
  postalAddress: string;
  secret: string;
  /** True while SECRET is the built-in development value. */
  usingDevSecret: boolean;
  resendApiKey?: string | undefined;
  resendBaseUrl?: string | undefined;
  /** Send each week as a Resend Template (only each recipient's values travel per email). */
  resendTemplates: boolean;
  unsubscribeMailto?: string | undefined;
  sendLeaseSeconds: number;
  sendCron: string;
  catchUpHours: number;
  logLevel: string;
  contentDir: string;
  issuesDir: string;
  outDir: string;
  resendWebhookSecret?: string | undefined;
  port: number;
  /** Trust X-Forwarded-For from one reverse proxy in front of `verdicts serve`. */
  trustProxy: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (FOO= in .env) means "not set".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  if (e.RESEND_API_KEY && e.SECRET === DEV_SECRET) {
    throw new ConfigError(
      'invalid configuration:\n  SECRET: set a private value of 16+ characters before sending through Resend (it signs unsubscribe links)',
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    siteUrl: e.SITE_URL,
    publicUrl: e.PUBLIC_URL,
    timezone: e.SITE_TIMEZONE,
    emailFrom: e.EMAIL_FROM,
    replyTo: e.EMAIL_REPLY_TO,
    postalAddress: e.POSTAL_ADDRESS,
    secret: e.SECRET,
    usingDevSecret: e.SECRET === DEV_SECRET,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    resendTemplates: e.RESEND_TEMPLATES,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    sendLeaseSeconds: e.SEND_LEASE_SECONDS,
    sendCron: e.SEND_CRON,
    catchUpHours: e.CATCH_UP_HOURS,
    logLevel: e.LOG_LEVEL,
    contentDir: e.CONTENT_DIR,
    issuesDir: e.ISSUES_DIR,
    outDir: e.OUT_DIR,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    port: e.PORT,
    trustProxy: e.TRUST_PROXY,
  };
}
