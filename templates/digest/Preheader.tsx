const PREHEADER_LENGTH = 150;
// Zero-width non-joiner and no-break space: invisible, and they keep inboxes from showing the body's
// first words after a short preheader. React Email's <Preview> pads with seven characters (19 bytes)
// where these two (5 bytes) do, which left no room in a 40 KB issue for the vote links.
const FILLER = '\u200C\u00A0';

/** The inbox preview line: hidden text, padded to 150 characters (each filler pair stands for two). */
export function Preheader({ text }: { text: string }) {
  const shown = text.slice(0, PREHEADER_LENGTH);
  return (
    <div
      style={{
        display: 'none',
        overflow: 'hidden',
        lineHeight: '1px',
        opacity: 0,
        maxHeight: 0,
        maxWidth: 0,
      }}
      data-skip-in-text="true"
    >
      {shown}
      {shown.length < PREHEADER_LENGTH ? (
        <div>{FILLER.repeat(Math.ceil((PREHEADER_LENGTH - shown.length) / 2))}</div>
      ) : null}
    </div>
  );
}
