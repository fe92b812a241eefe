import { describe, expect, it } from 'vitest';
import type { Digest as DigestModel } from '../../src/render/digest-model.ts';
import Digest from '../../templates/digest/Digest.tsx';
import { previewDigest } from '../../templates/digest/preview-digest.ts';
import { sampleDigest } from '../../templates/digest/sample-digest.ts';

describe('React Email preview props (`npm run email:dev`)', () => {
  it('are the sample week, built from the content files by the real pipeline', () => {
    const { digest } = (Digest as unknown as { PreviewProps: { digest: DigestModel } }).PreviewProps;
    expect(digest.week).toBe('2026-W47');
    expect(digest.subject).toBe('5 verdicts: Cursor Background Agents vs SmolVLM2-2B and more');
    expect(digest.comparisons[0]).toMatchObject({
      slug: 'cursor-background-agents-vs-smolvlm2-2b',
      featured: true,
    });
    expect(digest.intro?.html).toContain('<strong>nobody could make the business');
  });

  it('fall back to the hand-written sample when the content cannot be read', () => {
    expect(previewDigest({ CONTENT_DIR: '/nonexistent/content' })).toBe(sampleDigest);
    expect(previewDigest({ SITE_TIMEZONE: 'Mars/Olympus' })).toBe(sampleDigest);
  });
});
