import { changeText, sinceText } from '../../src/render/change-line.ts';
import type { ToolChanges } from '../../src/render/digest-model.ts';
import { light } from './styles.ts';

/**
 * What changed since a sent edition last showed the tool: "Changed since 2026-W48", then one fact a line
 * with the old and the new value ("Entry: $15/mo → $20/mo"), the words of the text part. Each line is one
 * text node, so it reads (and searches) the same in the HTML as in the text. The lines take the panel's
 * type and colour: only the heading costs bytes of its own, as every change line counts against Gmail's
 * clipping limit.
 */
export function FactChanges({ changes }: { changes: ToolChanges }) {
  return (
    <div style={{ marginTop: '12px' }}>
      <div className="wv-acc" style={{ fontSize: '12px', fontWeight: 700, color: light.accent }}>
        {`Changed ${sinceText(changes.since)}`}
      </div>
      {changes.facts.map((change) => (
        <div key={change.fact}>{changeText(change)}</div>
      ))}
    </div>
  );
}
