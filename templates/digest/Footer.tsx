import { Link } from '@react-email/components';
import { displayHost, safeHref } from './href.ts';
import { light } from './styles.ts';

export interface FooterProps {
  siteUrl: string;
  webUrl?: string | undefined;
  postalAddress: string;
  unsubscribeUrl: string;
  recipientEmail: string;
}

const line = { margin: '0 0 10px', fontSize: '13px', lineHeight: '20px', color: light.mute } as const;
const link = { color: light.accent, textDecorationLine: 'underline' } as const;

/** Why the reader gets this, who it went to, the sender's postal address and the way out. */
export function Footer({ siteUrl, webUrl, postalAddress, unsubscribeUrl, recipientEmail }: FooterProps) {
  const site = safeHref(siteUrl);
  const web = safeHref(webUrl);
  return (
    <div style={{ padding: '8px 24px 0', textAlign: 'center' }}>
      <p className="wv-mute" style={line}>
        {'You are receiving this because you subscribed to Weekly Verdicts at '}
        {site ? (
          <Link href={site} className="wv-acc" style={link}>
            {displayHost(siteUrl)}
          </Link>
        ) : (
          displayHost(siteUrl)
        )}
        {'. One issue a week.'}
      </p>
      <p className="wv-mute" style={line}>{`Sent to ${recipientEmail}`}</p>
      <p className="wv-mute" style={line}>
        {postalAddress
          .split(/\r?\n/)
          .map((part) => part.trim())
          .filter(Boolean)
          .join(', ')}
      </p>
      <p className="wv-mute" style={{ ...line, margin: '16px 0 0', fontWeight: 700 }}>
        <Link href={unsubscribeUrl} className="wv-acc" style={link}>
          Unsubscribe
        </Link>
        {web ? (
          <>
            {'  ·  '}
            <Link href={web} className="wv-acc" style={link}>
              View in browser
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
