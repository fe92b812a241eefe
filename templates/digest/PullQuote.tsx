import type { DigestQuote } from '../../src/render/digest-model.ts';
import { verdictLabel } from '../../src/render/digest-text.ts';
import { labelType, light, verdictColors } from './styles.ts';

/** One reviewer's quote on a tool, with the verdict badge and who said it through which lens. */
export function PullQuote({ quote }: { quote: DigestQuote }) {
  const color = verdictColors[quote.verdict];
  return (
    <div
      className="wv-line"
      style={{ borderTop: `1px solid ${light.line}`, marginTop: '16px', paddingTop: '16px' }}
    >
      <span
        style={{
          ...labelType,
          padding: '3px 8px',
          borderRadius: '4px',
          backgroundColor: color.bg,
          color: color.ink,
        }}
      >
        {verdictLabel(quote.verdict).toUpperCase()}
      </span>
      <div
        className="wv-ink"
        style={{
          margin: '12px 0 10px',
          paddingLeft: '12px',
          borderLeft: `3px solid ${color.bg}`,
          lineHeight: '22px',
          color: light.ink,
        }}
      >
        {`“${quote.text.trim()}”`}
      </div>
      <div style={{ fontSize: '12px', lineHeight: '18px' }}>
        <b style={{ color: light.ink }}>{`— ${quote.reviewerName}`}</b>
        {quote.lens ? (
          <>
            <br />
            {quote.lens}
          </>
        ) : null}
      </div>
    </div>
  );
}
