/**
 * Per-recipient values are rendered as these placeholders once per edition and substituted per message
 * (DELIVERY.md §9). They use only characters that React and URL encoding leave untouched.
 */
export const UNSUBSCRIBE_URL_PLACEHOLDER = 'https://unsubscribe.placeholder.invalid/__WV_UNSUBSCRIBE__';
export const PREFERENCES_URL_PLACEHOLDER = 'https://preferences.placeholder.invalid/__WV_PREFERENCES__';
export const RECIPIENT_EMAIL_PLACEHOLDER = '__WV_RECIPIENT_EMAIL__';
/** The recipient's vote token for the week (issue #16): one per message, in every vote link. */
export const VOTE_TOKEN_PLACEHOLDER = '__WV_VOTE__';
/** What stands in for a vote token in a copy nobody in particular receives: the vote page refuses it. */
export const INERT_VOTE_TOKEN = 'none';

/** Every per-recipient value an edition holds, by name. */
export const PERSONAL_SLOTS = {
  unsubscribe: UNSUBSCRIBE_URL_PLACEHOLDER,
  preferences: PREFERENCES_URL_PLACEHOLDER,
  email: RECIPIENT_EMAIL_PLACEHOLDER,
  vote: VOTE_TOKEN_PLACEHOLDER,
} as const;

export type PersonalSlot = keyof typeof PERSONAL_SLOTS;
