/** Vertical gap between blocks; a div with a fixed line height is the one spacer Outlook also honours. */
export function Spacer({ height }: { height: number }) {
  return <div style={{ height: `${height}px`, lineHeight: `${height}px`, fontSize: '1px' }}>{'\u00a0'}</div>;
}
