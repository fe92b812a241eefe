import { factName } from '../../src/render/change-line.ts';
import type { FactChange } from '../../src/render/digest-model.ts';
import { labelType, light } from './styles.ts';

const since = { whiteSpace: 'nowrap', color: light.mute } as const;

/**
 * What changed since a sent edition last showed the tool, one fact a line with the old and the new value:
 * "Entry: $15/mo → $20/mo since 2026-W48", the words of the text part's `changeLine()`. The values are
 * ink, "since <week>" muted and never broken, so a narrow panel does not split the week at its hyphen.
 */
export function FactChanges({ changes }: { changes: readonly FactChange[] }) {
  return (
    <div
      className="wv-line wv-ink"
      style={{
        marginTop: '12px',
        paddingTop: '10px',
        borderTop: `1px solid ${light.line}`,
        fontSize: '13px',
        lineHeight: '19px',
        color: light.ink,
      }}
    >
      <div className="wv-acc" style={{ ...labelType, color: light.accent }}>
        CHANGED
      </div>
      {changes.map((change) => (
        <div key={change.fact}>
          {`${factName(change)}: ${change.from} → ${change.to} `}
          <span className="wv-mute" style={since}>{`since ${change.since}`}</span>
        </div>
      ))}
    </div>
  );
}
