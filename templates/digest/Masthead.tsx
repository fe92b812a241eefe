import { Column, Link, Row, Text } from '@react-email/components';
import { safeHref } from './href.ts';
import { fonts, light } from './styles.ts';

export interface MastheadProps {
  week: string;
  rangeLabel: string;
  count: number;
  webUrl?: string | undefined;
}

const overline = {
  margin: 0,
  fontSize: '12px',
  lineHeight: '18px',
  fontWeight: 700,
  letterSpacing: '0.12em',
  textTransform: 'uppercase',
  color: light.bandMute,
} as const;

/** The dark band at the top: brand, issue number, the week's dates and the web-version link. */
export function Masthead({ week, rangeLabel, count, webUrl }: MastheadProps) {
  const web = safeHref(webUrl);
  return (
    <Row className="wv-band" style={{ backgroundColor: light.band, borderRadius: '12px' }}>
      <Column className="wv-pad" style={{ padding: '26px 32px 28px' }}>
        <Row>
          <Column style={{ verticalAlign: 'top' }}>
            <p style={overline}>{`Issue ${week}`}</p>
          </Column>
          {web ? (
            <Column align="right" style={{ verticalAlign: 'top' }}>
              <Link
                href={web}
                style={{ ...overline, letterSpacing: '0.04em', textDecorationLine: 'underline' }}
              >
                View in browser
              </Link>
            </Column>
          ) : null}
        </Row>
        <Text
          className="wv-brand"
          style={{
            fontFamily: fonts.serif,
            fontSize: '36px',
            lineHeight: '42px',
            fontWeight: 700,
            letterSpacing: '-0.01em',
            color: light.bandInk,
            marginTop: '10px',
            marginBottom: '6px',
          }}
        >
          Weekly Verdicts
        </Text>
        <Text
          style={{
            fontSize: '15px',
            lineHeight: '22px',
            color: light.bandMute,
            marginTop: 0,
            marginBottom: 0,
          }}
        >
          {`${rangeLabel} · ${count} ${count === 1 ? 'comparison' : 'comparisons'}`}
        </Text>
      </Column>
    </Row>
  );
}
