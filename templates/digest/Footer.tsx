import { Anchor } from './Anchor.tsx';
import { displayHost, safeHref } from './href.ts';
import { light } from './styles.ts';

export interface FooterProps {
  siteUrl: string;
  webUrl?: string | undefined;
  postalAddress: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  recipientEmail: string;
}

const line = { margin: '0 0 10px' } as const;
const link = { color: light.accent, textDecoration: 'underline' } as const;

/** Why the reader gets this, who it went to, the sender's postal address and the way out. */
export function Footer({
  siteUrl,
  webUrl,
  postalAddress,
  unsubscribeUrl,
  preferencesUrl,
  recipientEmail,
}: FooterProps) {
  const site = safeHref(siteUrl);
  const web = safeHref(webUrl);
  return (
    <div
      className="wv-mute"
      style={{
        padding: '8px 24px 0',
        textAlign: 'center',
        fontSize: '13px',
        lineHeight: '20px',
        color: light.mute,
      }}
    >
      <p style={line}>
        {'You are receiving this because you subscribed to Weekly Verdicts at '}
        {site ? (
          <Anchor href={site} className="wv-acc" style={link}>
            {displayHost(siteUrl)}
          </Anchor>
        ) : (
          displayHost(siteUrl)
        )}
        {'. One issue a week.'}
      </p>
      <p style={line}>{`Sent to ${recipientEmail}`}</p>
      <p style={line}>
        {postalAddress
          .split(/\r?\n/)
          .map((part) => part.trim())
          .filter(Boolean)
          .join(', ')}
      </p>
      <p style={{ margin: '16px 0 0', fontWeight: 700 }}>
        <Anchor href={preferencesUrl} className="wv-acc" style={link}>
          Choose topics or pause
        </Anchor>
        {'  ·  '}
        <Anchor href={unsubscribeUrl} className="wv-acc" style={link}>
          Unsubscribe
        </Anchor>
        {web ? (
          <>
            {'  ·  '}
            <Anchor href={web} className="wv-acc" style={link}>
              View in browser
            </Anchor>
          </>
        ) : null}
      </p>
    </div>
  );
}
