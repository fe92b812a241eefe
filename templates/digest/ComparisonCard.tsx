import { Column, Link, Row } from '@react-email/components';
import type { DigestComparison } from '../../src/render/digest-model.ts';
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
  width: '50%',
  verticalAlign: 'top',
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
    <Row
      className={comparison.featured ? 'wv-card wv-hl' : 'wv-card'}
      style={{
        backgroundColor: light.card,
        borderRadius: '12px',
        ...(comparison.featured ? { border: `2px solid ${light.accent}` } : {}),
      }}
    >
      <Column className="wv-pad" style={{ padding: '26px 28px 24px' }}>
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
            <Link href={href} className="wv-ink" style={{ color: light.ink }}>
              {comparison.title}
            </Link>
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
        <Row style={{ marginTop: '20px', tableLayout: 'fixed' }}>
          <Column className="wv-col wv-panel wv-mute" style={panel}>
            <ToolPanel tool={left} />
          </Column>
          <Column
            className="wv-gap wv-mute"
            align="center"
            style={{ width: '28px', fontSize: '13px', fontStyle: 'italic', color: light.mute }}
          >
            vs
          </Column>
          <Column className="wv-col wv-panel wv-mute" style={panel}>
            <ToolPanel tool={right} />
          </Column>
        </Row>
        {href ? (
          <p style={{ margin: '20px 0 0', fontSize: '15px', lineHeight: '22px', fontWeight: 700 }}>
            <Link href={href} className="wv-acc" style={{ color: light.accent }}>
              Read the full comparison →
            </Link>
          </p>
        ) : null}
      </Column>
    </Row>
  );
}
