import { Anchor } from './Anchor.tsx';
import { light } from './styles.ts';

const LINK = { color: light.accent, textDecoration: 'underline' };

/**
 * Above the editor's note in a reader's topic copy: how much of the week this copy holds, with the whole
 * week and the topic choice a click away. The note may speak of comparisons this copy leaves out.
 */
export function Selection({
  shown,
  total,
  webUrl,
  preferencesUrl,
}: {
  shown: number;
  total: number;
  webUrl?: string | undefined;
  preferencesUrl: string;
}) {
  return (
    <p
      className="wv-mute"
      style={{ margin: '12px 4px 0', fontSize: '13px', lineHeight: '20px', color: light.mute }}
    >
      {`Your topics: ${shown} of this week’s ${total} comparisons. `}
      {webUrl ? (
        <>
          <Anchor href={webUrl} className="wv-acc" style={LINK}>
            The whole week
          </Anchor>{' '}
          ·{' '}
        </>
      ) : null}
      <Anchor href={preferencesUrl} className="wv-acc" style={LINK}>
        Change topics
      </Anchor>
    </p>
  );
}
