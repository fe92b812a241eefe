import { INERT_VOTE_TOKEN, PERSONAL_SLOTS, type PersonalSlot } from '../render/placeholders.ts';
import type { NewEdition } from '../store/ledger/ledger-types.ts';
import type { Recipient } from '../subscribers/recipient.ts';
import { preferencesUrl, unsubscribeUrl, voteToken } from '../subscribers/tokens.ts';
import { editionNumber } from '../votes/edition-number.ts';
import { templateVariables } from './edition-template.ts';
import type { OutgoingMessage } from './transport.ts';

/** A week's digest rendered once, with placeholders where each recipient's values go: what the ledger keeps. */
export type RenderedEdition = NewEdition;

export interface SenderSettings {
  from: string;
  replyTo?: string | undefined;
  publicUrl: string;
  secret: string;
  /** Adds a mailto: alternative to List-Unsubscribe when set. */
  unsubscribeMailto?: string | undefined;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

/** A body split at its placeholders: literal parts, and which value goes between each two of them. */
interface CompiledBody {
  parts: string[];
  slots: PersonalSlot[];
}

const SLOT_OF = new Map<string, PersonalSlot>(
  Object.entries(PERSONAL_SLOTS).map(([slot, placeholder]) => [placeholder, slot as PersonalSlot]),
);
const PLACEHOLDER = new RegExp(`(${Object.values(PERSONAL_SLOTS).map(escapeRegExp).join('|')})`);
// Compiled once per edition object; the sender personalizes every message from the same one.
const compiled = new WeakMap<RenderedEdition, { html: CompiledBody; text: CompiledBody }>();

function compile(body: string): CompiledBody {
  const pieces = body.split(PLACEHOLDER);
  const parts: string[] = [];
  const slots: PersonalSlot[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) parts.push(piece);
    else slots.push(SLOT_OF.get(piece)!);
  });
  return { parts, slots };
}

function fill(body: CompiledBody, values: Record<PersonalSlot, string>): string {
  let out = body.parts[0] ?? '';
  for (let i = 0; i < body.slots.length; i++) out += values[body.slots[i]!] + body.parts[i + 1];
  return out;
}

function compiledBodies(edition: RenderedEdition) {
  let bodies = compiled.get(edition);
  if (!bodies) {
    bodies = { html: compile(edition.html), text: compile(edition.text) };
    compiled.set(edition, bodies);
  }
  return bodies;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One recipient's message: the edition rendered once, with this recipient's values put where the
 * placeholders were (DELIVERY.md §9); concatenation, not a re-render, so it costs microseconds.
 * A pure function of (edition, recipient, settings), so a retry is byte-identical.
 */
export function personalize(
  edition: RenderedEdition,
  recipient: Recipient,
  settings: SenderSettings,
): OutgoingMessage {
  const link = unsubscribeUrl(settings.publicUrl, settings.secret, recipient.subscriberId);
  const values: Record<PersonalSlot, string> = {
    unsubscribe: link,
    preferences: preferencesUrl(settings.publicUrl, settings.secret, recipient.subscriberId),
    email: recipient.email,
    vote: recipientVoteToken(edition.week, recipient.subscriberId, settings.secret),
  };
  const htmlValues: Record<PersonalSlot, string> = {
    unsubscribe: escapeHtml(values.unsubscribe),
    preferences: escapeHtml(values.preferences),
    email: escapeHtml(values.email),
    vote: escapeHtml(values.vote),
  };
  const bodies = compiledBodies(edition);
  // Concatenation ropes: a transport that sends only `personal` never pays for flattening them.
  const html = fill(bodies.html, htmlValues);
  const text = fill(bodies.text, values);
  const listUnsubscribe = settings.unsubscribeMailto
    ? `<${link}>, <mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`
    : `<${link}>`;
  return {
    subscriberId: recipient.subscriberId,
    from: settings.from,
    to: recipient.email,
    replyTo: settings.replyTo,
    subject: edition.subject,
    html,
    text,
    headers: {
      'List-Unsubscribe': listUnsubscribe,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: [
      { name: 'category', value: 'digest' },
      { name: 'week', value: edition.week },
    ],
    personal: { edition, variables: templateVariables(htmlValues, values) },
  };
}

/** The recipient's token in every vote link of the week's digest; inert for a copy nobody subscribed to. */
function recipientVoteToken(week: string, subscriberId: number, secret: string): string {
  const edition = editionNumber(week);
  return edition !== undefined && subscriberId > 0
    ? voteToken(secret, subscriberId, edition)
    : INERT_VOTE_TOKEN;
}
