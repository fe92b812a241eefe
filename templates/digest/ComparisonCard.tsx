import type { DigestComparison } from '../../src/render/digest-model.ts';
import { Anchor } from './Anchor.tsx';
import { Grid } from './Grid.tsx';
import { safeHref } from './href.ts';
import { fonts, labelType, light } from './styles.ts';
import { ToolPanel } from './ToolPanel.tsx';

const pill = {
  ...labelType,
  display: 'inline-block',
  padding: '3px 9px',
  borderRadius: '99px',
  marginRight: '6px',
} as const;

const panel = {
  backgroundColor: light.panel,
  borderRadius: '10px',
  padding: '18px',
  fontSize: '14px',
  lineHeight: '20px',
  color: light.mute,
} as const;

/** One comparison: labels, linked title, summary, the two tools side by side and a link to the full page. */
export function ComparisonCard({ comparison }: { comparison: DigestComparison }) {
  const href = safeHref(comparison.url);
  const [left, right] = comparison.tools;
  return (
    <Grid
      className={comparison.featured ? 'wv-card wv-hl' : 'wv-card'}
      style={{
        backgroundColor: light.card,
        borderRadius: '12px',
        ...(comparison.featured ? { border: `2px solid ${light.accent}` } : {}),
      }}
    >
      <td className="wv-pad" style={{ padding: '26px 28px 24px' }}>
        {comparison.featured || comparison.split ? (
          <p style={{ margin: '0 0 12px' }}>
            {comparison.featured ? (
              <span
                className="wv-feat"
                style={{ ...pill, backgroundColor: light.featBg, color: light.featInk }}
              >
                FEATURED
              </span>
            ) : null}
            {comparison.split ? (
              <span
                className="wv-split"
                style={{ ...pill, backgroundColor: light.splitBg, color: light.splitInk }}
              >
                SPLIT PANEL
              </span>
            ) : null}
          </p>
        ) : null}
        <h2
          className="wv-title wv-ink"
          style={{
            margin: 0,
            fontFamily: fonts.serif,
            fontSize: '25px',
            lineHeight: '31px',
            fontWeight: 700,
            color: light.ink,
          }}
        >
          {href ? (
            <Anchor href={href} style={{ color: light.ink }}>
              {comparison.title}
            </Anchor>
          ) : (
            comparison.title
          )}
        </h2>
        {comparison.summary ? (
          <p
            className="wv-mute"
            style={{ margin: '8px 0 0', fontSize: '15px', lineHeight: '23px', color: light.mute }}
          >
            {comparison.summary}
          </p>
        ) : null}
        <Grid style={{ marginTop: '20px', tableLayout: 'fixed' }}>
          <td className="wv-col wv-panel" width="50%" valign="top" style={panel}>
            <ToolPanel tool={left} />
          </td>
          <td
            className="wv-gap wv-mute"
            align="center"
            style={{ width: '28px', fontSize: '13px', fontStyle: 'italic', color: light.mute }}
          >
            vs
          </td>
          <td className="wv-col wv-panel" width="50%" valign="top" style={panel}>
            <ToolPanel tool={right} />
          </td>
        </Grid>
        {href ? (
          <p style={{ margin: '20px 0 0', fontSize: '15px', lineHeight: '22px', fontWeight: 700 }}>
            <Anchor href={href} className="wv-acc" style={{ color: light.accent }}>
              Read the full comparison →
            </Anchor>
          </p>
        ) : null}
      </td>
    </Grid>
  );
}
