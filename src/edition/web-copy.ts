import {
  INERT_VOTE_TOKEN,
  PREFERENCES_URL_PLACEHOLDER,
  RECIPIENT_EMAIL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
  VOTE_TOKEN_PLACEHOLDER,
} from '../render/placeholders.ts';
import type { RenderedEdition } from '../send/personalize.ts';
import { withoutVoteLinks } from '../votes/strip-vote-links.ts';

/** What stands in for a recipient's own values in a copy that nobody in particular receives. */
export interface StandIns {
  unsubscribeUrl: string;
  preferencesUrl: string;
  recipient: string;
}

/**
 * Puts stand-ins where the per-recipient placeholders are, and leaves out the vote links (any left, in a
 * body laid out otherwise, get a token the vote page refuses).
 */
export function withoutPersonalValues(body: string, standIns: StandIns): string {
  return withoutVoteLinks(body)
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, standIns.unsubscribeUrl)
    .replaceAll(PREFERENCES_URL_PLACEHOLDER, standIns.preferencesUrl)
    .replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, standIns.recipient)
    .replaceAll(VOTE_TOKEN_PLACEHOLDER, INERT_VOTE_TOKEN);
}

/**
 * The edition with no personal values, for build output and previews. Its size stays within a few
 * bytes of a real recipient's message.
 */
export function webCopy(rendered: RenderedEdition, publicUrl: string): { html: string; text: string } {
  const standIns = {
    unsubscribeUrl: `${publicUrl}/unsubscribe`,
    preferencesUrl: `${publicUrl}/preferences`,
    recipient: 'you',
  };
  return {
    html: withoutPersonalValues(rendered.html, standIns),
    text: withoutPersonalValues(rendered.text, standIns),
  };
}
