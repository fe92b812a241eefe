export type { AcceptedEmail, Fault, ResendDoubleOptions } from './resend-double/double.ts';
export { DEFAULT_VERIFIED_DOMAINS, ResendDouble } from './resend-double/double.ts';
export type { DoubleTemplate } from './resend-double/templates.ts';
