import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { exampleSenderProblem } from '../../src/config/sender-address.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n  ').slice(1);
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on defaults alone', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: 'subscribers/subscribers.db',
      siteUrl: 'https://verdicts.example.com',
      publicUrl: 'http://localhost:3000',
      timezone: 'UTC',
      emailFrom: 'Weekly Verdicts <digest@verdicts.example.com>',
      replyTo: undefined,
      postalAddress: 'Weekly Verdicts, 100 Example Street, Springfield, USA',
      secret: 'weekly-verdicts-development-secret',
      usingDevSecret: true,
      resendApiKey: undefined,
      resendBaseUrl: undefined,
      resendTemplates: false,
      unsubscribeMailto: undefined,
      sendLeaseSeconds: 120,
      sendCron: '0 9 * * 1',
      catchUpHours: 24,
      logLevel: 'info',
      contentDir: 'content',
      issuesDir: 'issues',
      outDir: 'out',
      resendWebhookSecret: undefined,
      port: 3000,
      allowedHosts: [],
      trustProxy: false,
      holdComplaintRate: 0.08,
      holdBounceRate: 4,
      holdMinSent: 100,
      voteWeeks: 8,
    });
  });

  it('reads every variable under its documented name', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://127.0.0.1/test',
      SITE_URL: 'https://site.example/',
      PUBLIC_URL: 'https://news.example//',
      SITE_TIMEZONE: 'Europe/Berlin',
      EMAIL_FROM: '  "Verdicts, weekly" <digest@news.example>  ',
      EMAIL_REPLY_TO: 'editor@news.example',
      POSTAL_ADDRESS: '1 Main St, Town',
      SECRET: 'a-private-secret-value',
      RESEND_API_KEY: 're_123',
      RESEND_BASE_URL: 'http://127.0.0.1:4010/',
      RESEND_TEMPLATES: '1',
      UNSUBSCRIBE_MAILTO: 'leave@news.example',
      SEND_LEASE_SECONDS: '30',
      SEND_CRON: '0 8 * * 2',
      CATCH_UP_HOURS: '2.5',
      LOG_LEVEL: 'debug',
      CONTENT_DIR: 'c',
      ISSUES_DIR: 'i',
      OUT_DIR: 'o',
      RESEND_WEBHOOK_SECRET: 'whsec_abcdefghijklmnopqrst',
      PORT: '8080',
      ALLOWED_HOSTS: ' News.Example.org , 10.0.0.5,[::1],, ',
      TRUST_PROXY: 'true',
      HOLD_COMPLAINT_RATE: '0.1',
      HOLD_BOUNCE_RATE: '2.5',
      HOLD_MIN_SENT: '500',
      VOTE_WEEKS: '12',
    });
    expect(config).toEqual({
      databaseUrl: 'postgres://127.0.0.1/test',
      siteUrl: 'https://site.example',
      publicUrl: 'https://news.example',
      timezone: 'Europe/Berlin',
      emailFrom: '"Verdicts, weekly" <digest@news.example>',
      replyTo: 'editor@news.example',
      postalAddress: '1 Main St, Town',
      secret: 'a-private-secret-value',
      usingDevSecret: false,
      resendApiKey: 're_123',
      resendBaseUrl: 'http://127.0.0.1:4010',
      resendTemplates: true,
      unsubscribeMailto: 'leave@news.example',
      sendLeaseSeconds: 30,
      sendCron: '0 8 * * 2',
      catchUpHours: 2.5,
      logLevel: 'debug',
      contentDir: 'c',
      issuesDir: 'i',
      outDir: 'o',
      resendWebhookSecret: 'whsec_abcdefghijklmnopqrst',
      port: 8080,
      allowedHosts: ['news.example.org', '10.0.0.5', '[::1]'],
      trustProxy: true,
      holdComplaintRate: 0.1,
      holdBounceRate: 2.5,
      holdMinSent: 500,
      voteWeeks: 12,
    });
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ PORT: '', EMAIL_FROM: '' })).toMatchObject({
      port: 3000,
      emailFrom: 'Weekly Verdicts <digest@verdicts.example.com>',
    });
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        SITE_URL: 'ftp://site.example',
        SITE_TIMEZONE: 'Mars/Base',
        SECRET: 'short',
        RESEND_TEMPLATES: 'yes',
        SEND_LEASE_SECONDS: '2.5',
        SEND_CRON: 'nope',
        CATCH_UP_HOURS: '-1',
        LOG_LEVEL: 'loud',
        RESEND_WEBHOOK_SECRET: 'abc',
        PORT: 'x',
        ALLOWED_HOSTS: 'news.example.org,https://www.example.org',
        HOLD_COMPLAINT_RATE: 'a lot',
        HOLD_BOUNCE_RATE: '120',
        HOLD_MIN_SENT: '0',
        VOTE_WEEKS: '1.5',
      }),
    ).toEqual([
      'SITE_URL must be an absolute http(s) URL',
      'SITE_TIMEZONE must be an IANA timezone name such as Europe/Berlin',
      'SECRET must be at least 16 characters',
      'RESEND_TEMPLATES must be true or false',
      'SEND_LEASE_SECONDS must be a whole number of seconds',
      'SEND_CRON: "nope" is not a cron expression: Validation error, cannot resolve alias "nop"',
      'CATCH_UP_HOURS must be 0 or more',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
      'RESEND_WEBHOOK_SECRET must be the signing secret Resend shows for the webhook (whsec_…)',
      'PORT must be a port number',
      'ALLOWED_HOSTS must be host names separated by commas, e.g. news.example.com,www.example.com',
      'HOLD_COMPLAINT_RATE must be a percentage, e.g. 0.08 for 0.08 %',
      'HOLD_BOUNCE_RATE must be from 0 to 100',
      'HOLD_MIN_SENT must be at least 1',
      'VOTE_WEEKS must be a whole number of weeks',
    ]);
    expect(problems({ VOTE_WEEKS: 'soon' })).toEqual(['VOTE_WEEKS must be a number of weeks']);
    expect(problems({ VOTE_WEEKS: '0' })).toEqual(['VOTE_WEEKS must be from 1 to 104']);
    expect(problems({ DATABASE_URL: '   ' })).toEqual([
      'DATABASE_URL: Too small: expected string to have >=1 characters',
    ]);
  });

  it('refuses the development SECRET when sending through Resend', () => {
    expect(problems({ RESEND_API_KEY: 're_123' })).toEqual([
      'SECRET: set a private value of 16+ characters before sending through Resend (it signs unsubscribe links)',
    ]);
  });

  it('knows the built-in example sender, which Resend refuses', () => {
    expect(exampleSenderProblem(loadConfig({}).emailFrom)).toBe(
      'EMAIL_FROM: Weekly Verdicts <digest@verdicts.example.com> is the built-in example sender (verdicts.example.com); set EMAIL_FROM to an address at a domain verified in Resend',
    );
    expect(exampleSenderProblem('Digest <digest@Verdicts.Example.com>')).toContain('EMAIL_FROM');
    expect(exampleSenderProblem('Digest <digest@news.example.org>')).toBeUndefined();
  });

  it('takes EMAIL_FROM as one RFC 5322 mailbox, with or without a display name', () => {
    for (const from of [
      'digest@news.example',
      'Weekly Verdicts <digest@news.example>',
      '"Verdicts, weekly" <digest@news.example>',
      'Wöchentliche Urteile <digest@news.example>',
    ]) {
      expect(loadConfig({ EMAIL_FROM: from }).emailFrom).toBe(from);
    }
    const message =
      'EMAIL_FROM must be an address, optionally with a name: "Weekly Verdicts <digest@example.com>"';
    for (const from of [
      'Weekly Verdicts digest@news.example',
      'Weekly Verdicts <digest@news.example',
      'digest@news.example>',
      'a <one@news.example>, b <two@news.example>',
      'Team: one@news.example;',
      'Weekly <digest@localhost>',
      'not an address',
    ]) {
      expect(problems({ EMAIL_FROM: from }), from).toEqual([message]);
    }
  });
});

describe('ALLOWED_HOSTS', () => {
  it('takes bare host names only: no scheme, port, path or user', () => {
    for (const bad of [
      'news.example.com:443',
      'https://news.example.com',
      'news.example.com/x',
      'a@b.com',
      'a b',
    ]) {
      expect(problems({ ALLOWED_HOSTS: bad }), bad).toEqual([
        'ALLOWED_HOSTS must be host names separated by commas, e.g. news.example.com,www.example.com',
      ]);
    }
  });
});
