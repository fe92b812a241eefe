import { Fragment } from 'react';
import { Grid } from './Grid.tsx';
import { light } from './styles.ts';

/**
 * What readers voted on the last issue's comparisons with Ship it / Skip it, a line each ("Readers voted:
 * 71% would ship X (n = 120)"), the words of the text part. Plain on purpose (one cell, no heading, no
 * links): it sits in an issue whose budget is 40 KB.
 */
export function ReadersVoted({ lines }: { lines: string[] }) {
  return (
    <Grid className="wv-note" style={{ backgroundColor: light.note, borderRadius: '12px' }}>
      <td className="wv-ink" style={{ padding: '18px 24px', lineHeight: '24px', color: light.ink }}>
        {lines.map((line, index) => (
          <Fragment key={line}>
            {index > 0 ? <br /> : null}
            {line}
          </Fragment>
        ))}
      </td>
    </Grid>
  );
}
