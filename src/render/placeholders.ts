/**
 * Per-recipient values are rendered as these placeholders once per edition and substituted per message
 * (DELIVERY.md §9). They use only characters that React and URL encoding leave untouched.
 */
export const UNSUBSCRIBE_URL_PLACEHOLDER = 'https://unsubscribe.placeholder.invalid/__WV_UNSUBSCRIBE__';
export const RECIPIENT_EMAIL_PLACEHOLDER = '__WV_RECIPIENT_EMAIL__';
