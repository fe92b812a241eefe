import { Grid } from './Grid.tsx';
import { light } from './styles.ts';

/**
 * The editor's note. `html` comes from markdown-it with raw HTML disabled, so it is inserted as is; the
 * `.wv-intro` rules in the head style its paragraphs, lists and links.
 */
export function Intro({ html }: { html: string }) {
  return (
    <Grid className="wv-note" style={{ backgroundColor: light.note, borderRadius: '12px' }}>
      <td className="wv-pad" style={{ padding: '22px 32px' }}>
        <p
          className="wv-acc"
          style={{
            margin: '0 0 8px',
            fontSize: '12px',
            lineHeight: '18px',
            fontWeight: 700,
            letterSpacing: '0.12em',
            textTransform: 'uppercase',
            color: light.accent,
          }}
        >
          From the editor
        </p>
        <div
          className="wv-intro"
          style={{ fontSize: '15px', lineHeight: '24px', color: light.ink }}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it output with raw HTML disabled
          dangerouslySetInnerHTML={{ __html: html }}
        />
      </td>
    </Grid>
  );
}
