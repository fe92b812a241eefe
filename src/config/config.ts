import { z } from 'zod';
import { isValidTimezone } from '../content/week.ts';

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
  /** Optional mailto for List-Unsubscribe, next to the https link. */
  UNSUBSCRIBE_MAILTO: z.email({ error: 'UNSUBSCRIBE_MAILTO must be an email address' }).optional(),
  CONTENT_DIR: z.string().trim().min(1).default('content'),
  ISSUES_DIR: z.string().trim().min(1).default('issues'),
  OUT_DIR: z.string().trim().min(1).default('out'),
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
  unsubscribeMailto?: string | undefined;
  contentDir: string;
  issuesDir: string;
  outDir: string;
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
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    contentDir: e.CONTENT_DIR,
    issuesDir: e.ISSUES_DIR,
    outDir: e.OUT_DIR,
  };
}
