import { Anchor } from './Anchor.tsx';
import { Grid } from './Grid.tsx';
import { safeHref } from './href.ts';
import { fonts, light } from './styles.ts';

export interface MastheadProps {
  week: string;
  rangeLabel: string;
  count: number;
  webUrl?: string | undefined;
}

const overline = {
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
    <Grid className="wv-band" style={{ backgroundColor: light.band, borderRadius: '12px' }}>
      <td className="wv-pad" style={{ padding: '26px 32px 28px' }}>
        <Grid>
          <td style={{ verticalAlign: 'top' }}>
            <p style={{ margin: 0, ...overline }}>{`Issue ${week}`}</p>
          </td>
          {web ? (
            <td align="right" style={{ verticalAlign: 'top' }}>
              <Anchor
                href={web}
                style={{ ...overline, letterSpacing: '0.04em', textDecoration: 'underline' }}
              >
                View in browser
              </Anchor>
            </td>
          ) : null}
        </Grid>
        <p
          className="wv-brand"
          style={{
            margin: '10px 0 6px',
            fontFamily: fonts.serif,
            fontSize: '36px',
            lineHeight: '42px',
            fontWeight: 700,
            letterSpacing: '-0.01em',
            color: light.bandInk,
          }}
        >
          Weekly Verdicts
        </p>
        <p style={{ margin: 0, fontSize: '15px', lineHeight: '22px', color: light.bandMute }}>
          {`${rangeLabel} · ${count} ${count === 1 ? 'comparison' : 'comparisons'}`}
        </p>
      </td>
    </Grid>
  );
}
