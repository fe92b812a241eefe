import { z } from 'zod';
import { isValidTimezone } from '../content/week.ts';
import { cronError } from '../schedule/cron-times.ts';
import { isSenderAddress } from './sender-address.ts';

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: `${name} must be an absolute http(s) URL`,
    })
    .transform((value) => value.replace(/\/+$/, ''));

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .default('false')
    .transform((value) => value === 'true' || value === '1');

/** A percentage such as 0.08 (for 0.08 %), written without the % sign. */
const percent = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a percentage, e.g. ${fallback} for ${fallback} %` })
    .min(0, { error: `${name} must be from 0 to 100` })
    .max(100, { error: `${name} must be from 0 to 100` })
    .default(fallback);

const DEV_SECRET = 'weekly-verdicts-development-secret';

/** A bare host name or IP address as a URL spells it (`news.example.com`, `10.0.0.5`, `[::1]`): no port. */
function isHostName(name: string): boolean {
  if (!URL.canParse(`http://${name}/`)) return false;
  const url = new URL(`http://${name}/`);
  return url.hostname === name && url.port === '';
}

/** An environment variable and the schema that turns its text into a Config value. */
function variable<const Name extends string, Schema extends z.ZodType>(name: Name, schema: Schema) {
  return { name, schema };
}

/**
 * Every Config field and the environment variable it is read from, once at start-up. Variable names are a
 * public contract (README table); the order is the order problems are listed in.
 */
const variables = {
  databaseUrl: variable('DATABASE_URL', z.string().trim().min(1).default('subscribers/subscribers.db')),
  siteUrl: variable('SITE_URL', url('SITE_URL').default('https://verdicts.example.com')),
  publicUrl: variable('PUBLIC_URL', url('PUBLIC_URL').default('http://localhost:3000')),
  timezone: variable(
    'SITE_TIMEZONE',
    z.string().trim().default('UTC').refine(isValidTimezone, {
      error: 'SITE_TIMEZONE must be an IANA timezone name such as Europe/Berlin',
    }),
  ),
  emailFrom: variable(
    'EMAIL_FROM',
    z
      .string()
      .trim()
      .min(3)
      .default('Weekly Verdicts <digest@verdicts.example.com>')
      .refine(isSenderAddress, {
        error:
          'EMAIL_FROM must be an address, optionally with a name: "Weekly Verdicts <digest@example.com>"',
      }),
  ),
  replyTo: variable(
    'EMAIL_REPLY_TO',
    z.email({ error: 'EMAIL_REPLY_TO must be an email address' }).optional(),
  ),
  postalAddress: variable(
    'POSTAL_ADDRESS',
    z
      .string()
      .trim()
      .min(5, { error: 'POSTAL_ADDRESS must be a postal address (anti-spam laws require one)' })
      .default('Weekly Verdicts, 100 Example Street, Springfield, USA'),
  ),
  secret: variable(
    'SECRET',
    z.string().min(16, { error: 'SECRET must be at least 16 characters' }).default(DEV_SECRET),
  ),
  resendApiKey: variable('RESEND_API_KEY', z.string().trim().min(1).optional()),
  resendBaseUrl: variable('RESEND_BASE_URL', url('RESEND_BASE_URL').optional()),
  /** Send each week as a Resend Template (only each recipient's values travel per email). */
  resendTemplates: variable('RESEND_TEMPLATES', flag('RESEND_TEMPLATES')),
  /** Optional mailto for List-Unsubscribe, next to the https link. */
  unsubscribeMailto: variable(
    'UNSUBSCRIBE_MAILTO',
    z.email({ error: 'UNSUBSCRIBE_MAILTO must be an email address' }).optional(),
  ),
  /** How long a sender holds a batch before another may take it over (PostgreSQL scale-out). */
  sendLeaseSeconds: variable(
    'SEND_LEASE_SECONDS',
    z.coerce
      .number({ error: 'SEND_LEASE_SECONDS must be a number of seconds' })
      .int({ error: 'SEND_LEASE_SECONDS must be a whole number of seconds' })
      .min(5, { error: 'SEND_LEASE_SECONDS must be at least 5' })
      .default(120),
  ),
  /** When `verdicts schedule` sends, in SITE_TIMEZONE (default Monday 09:00). */
  sendCron: variable(
    'SEND_CRON',
    z
      .string()
      .trim()
      .default('0 9 * * 1')
      .superRefine((value, ctx) => {
        const error = cronError(value, 'UTC');
        if (error)
          ctx.addIssue({
            code: 'custom',
            message: `SEND_CRON: "${value}" is not a cron expression: ${error}`,
          });
      }),
  ),
  /** A run missed while the scheduler was down is made on start if at most this many hours old. */
  catchUpHours: variable(
    'CATCH_UP_HOURS',
    z.coerce
      .number({ error: 'CATCH_UP_HOURS must be a number of hours' })
      .min(0, { error: 'CATCH_UP_HOURS must be 0 or more' })
      .max(24 * 6, { error: 'CATCH_UP_HOURS must be at most 144 (6 days)' })
      .default(24),
  ),
  logLevel: variable(
    'LOG_LEVEL',
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
      })
      .default('info'),
  ),
  contentDir: variable('CONTENT_DIR', z.string().trim().min(1).default('content')),
  issuesDir: variable('ISSUES_DIR', z.string().trim().min(1).default('issues')),
  outDir: variable('OUT_DIR', z.string().trim().min(1).default('out')),
  /** Verifies Resend's delivery webhooks (svix scheme); `/webhooks/resend` answers 404 without it. */
  resendWebhookSecret: variable(
    'RESEND_WEBHOOK_SECRET',
    z
      .string()
      .trim()
      .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, {
        error: 'RESEND_WEBHOOK_SECRET must be the signing secret Resend shows for the webhook (whsec_…)',
      })
      .optional(),
  ),
  /** Port `verdicts serve` listens on (`--port` overrides). */
  port: variable(
    'PORT',
    z.coerce
      .number({ error: 'PORT must be a port number' })
      .int({ error: 'PORT must be a whole number' })
      .min(1, { error: 'PORT must be from 1 to 65535' })
      .max(65535, { error: 'PORT must be from 1 to 65535' })
      .default(3000),
  ),
  /** Host names `verdicts serve` answers for besides PUBLIC_URL's (another is refused with 421). */
  allowedHosts: variable(
    'ALLOWED_HOSTS',
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine((names) => names.every(isHostName), {
        error: 'ALLOWED_HOSTS must be host names separated by commas, e.g. news.example.com,www.example.com',
      }),
  ),
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy: variable('TRUST_PROXY', flag('TRUST_PROXY')),
  /** Hold a week when an edition's complaints exceed this percent of its delivered emails. */
  holdComplaintRate: variable('HOLD_COMPLAINT_RATE', percent('HOLD_COMPLAINT_RATE', 0.08)),
  /** Hold a week when an edition's hard bounces exceed this percent of its sent emails. */
  holdBounceRate: variable('HOLD_BOUNCE_RATE', percent('HOLD_BOUNCE_RATE', 4)),
  /** A rate holds a week only once it is a share of at least this many emails. */
  holdMinSent: variable(
    'HOLD_MIN_SENT',
    z.coerce
      .number({ error: 'HOLD_MIN_SENT must be a number of emails' })
      .int({ error: 'HOLD_MIN_SENT must be a whole number of emails' })
      .min(1, { error: 'HOLD_MIN_SENT must be at least 1' })
      .default(100),
  ),
  /** How many weeks after an edition its vote links still count (issue #16). */
  voteWeeks: variable(
    'VOTE_WEEKS',
    z.coerce
      .number({ error: 'VOTE_WEEKS must be a number of weeks' })
      .int({ error: 'VOTE_WEEKS must be a whole number of weeks' })
      .min(1, { error: 'VOTE_WEEKS must be from 1 to 104' })
      .max(104, { error: 'VOTE_WEEKS must be from 1 to 104' })
      .default(8),
  ),
};

type Variables = typeof variables;
type EnvShape = { [K in keyof Variables as Variables[K]['name']]: Variables[K]['schema'] };
type Fields = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

// Object.entries and fromEntries lose the keys' types; EnvShape and Fields restate them from the table.
const entries = Object.entries(variables) as Array<[keyof Variables, Variables[keyof Variables]]>;

/**
 * The environment, validated (issue paths are variable names) and turned into the Config fields, plus
 * `usingDevSecret`: true while SECRET is the built-in development value.
 */
export const envSchema = z
  .object(Object.fromEntries(entries.map(([, { name, schema }]) => [name, schema])) as EnvShape)
  .transform((env) => {
    const read = env as Record<string, unknown>;
    return Object.fromEntries(entries.map(([field, { name }]) => [field, read[name]])) as Fields;
  })
  .superRefine((fields, ctx) => {
    if (fields.resendApiKey && fields.secret === DEV_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRET'],
        message:
          'set a private value of 16+ characters before sending through Resend (it signs unsubscribe links)',
      });
    }
  })
  .transform((fields) => ({ ...fields, usingDevSecret: fields.secret === DEV_SECRET }));

/** The application's configuration, derived from the environment. */
export type Config = z.output<typeof envSchema>;

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
  return result.data;
}
