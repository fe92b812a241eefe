/**
 * caniemail features this template uses knowing that some clients ignore them, with what happens there.
 * The pre-send gate (src/gate/compatibility.ts) reports these as warnings; any other feature that Gmail,
 * Apple Mail or Outlook does not support is an error, so a template change that relies on one (flexbox,
 * `position`, SVG, CSS variables…) fails `verdicts check` until it is made safe and listed here.
 * Keys are caniemail feature titles exactly as @jsx-email/doiuse-email reports them.
 */
export const gracefulFeatures: Readonly<Record<string, string>> = {
  'Type selector': 'head <style> rules are enhancements; every colour and size is also inline',
  'Class selector': 'head <style> rules are enhancements; every colour and size is also inline',
  'Descendant combinator': 'head <style> rules are enhancements; every colour and size is also inline',
  ':last-child': "only trims the space under the intro's last paragraph",
  '@media':
    'the phone layout and the dark palette are extras; without them the light 600 px layout scales down',
  '<body> element': 'the background colour is repeated on the wrapper table cell',
  'role attribute':
    'role="presentation" only tells screen readers the tables are layout; rendering is the same',
  'display:none': 'hides the inbox preheader; where ignored, it is also zero-height, transparent and clipped',
  overflow: 'clips the hidden preheader; it is also display:none and zero-height',
  opacity: 'hides the inbox preheader; it is also display:none and zero-height',
  'border-radius': 'corners are square in Outlook for Windows; nothing else changes',
  'target attribute': 'links open in a new tab or however the client opens links',
  '<base>':
    'only makes links open in a new tab in a browser (archive, preview); mail clients open links their own way',
  'table-layout': 'the two tool columns keep their equal widths from the cell widths',
  outline: "React Email's <Img> sets outline:none on logos; where ignored, images have no outline anyway",
};
