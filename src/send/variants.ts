import type { Digest } from '../render/digest-model.ts';
import { type VariantSource, variantDigest } from '../render/digest-variant.ts';
import type { LedgerStore } from '../store/ledger/ledger-store.ts';
import type { RenderedEdition } from './personalize.ts';

/** Renders a digest model to the email's HTML and text (React Email; passed in, so send/ stays pure). */
export type DigestRenderer = (digest: Digest) => Promise<{ html: string; text: string }>;

/**
 * The week as each reader gets it: the whole edition, or a variant with the comparisons they follow.
 * A variant is rendered once per edition, by whichever sender meets it first, and kept in the ledger; every
 * sender after that (and every retry) fills its readers' emails from the kept bytes.
 */
export function createVariants(options: {
  ledger: LedgerStore;
  edition: RenderedEdition;
  source: VariantSource | undefined;
  render: DigestRenderer | undefined;
}) {
  const { ledger, edition, source, render } = options;
  const cache = new Map<string, Promise<RenderedEdition>>();

  async function load(segment: string): Promise<RenderedEdition> {
    const kept = await ledger.getVariant(edition.week, segment);
    if (kept) return { week: edition.week, ...kept };
    if (!source || !render)
      throw new Error(`variant ${segment} of ${edition.week} is not kept and cannot be rendered here`);
    const digest = variantDigest(source, segment.split(',').map(Number));
    const { html, text } = await render(digest);
    const stored = await ledger.keepVariant(edition.week, segment, {
      subject: digest.subject,
      preheader: digest.preheader,
      html,
      text,
    });
    return { week: edition.week, ...stored };
  }

  return {
    /** The edition a reader with this variant gets (undefined: the whole week). */
    of(segment: string | undefined): Promise<RenderedEdition> {
      if (segment === undefined) return Promise.resolve(edition);
      let variant = cache.get(segment);
      if (!variant) {
        variant = load(segment);
        cache.set(segment, variant);
        variant.catch(() => cache.delete(segment));
      }
      return variant;
    },
  };
}

export type Variants = ReturnType<typeof createVariants>;
