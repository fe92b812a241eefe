import type { RenderedEdition } from '../send/personalize.ts';
import type { OutgoingMessage } from '../send/transport.ts';
import type { Document } from './html.ts';
import type { GateSources, Origin } from './origins.ts';

/** What every rule reads: the edition, one worst-case personalized message, and where content came from. */
export interface GateContext {
  /** The edition as rendered once, with recipient placeholders. */
  rendered: RenderedEdition;
  /** The edition personalized for the longest plausible recipient: what the largest message looks like. */
  sample: OutgoingMessage;
  /** `sample.html`, parsed. */
  document: Document;
  sources: GateSources;
  /** Where a URL in the HTML was written (content file and field, the template, or the settings). */
  originOf: (url: string) => Origin[];
}
