import { loadConfig } from '../../src/config/config.ts';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { digestFromContent } from '../../src/edition/content-digest.ts';
import type { Digest } from '../../src/render/digest-model.ts';
import { sampleDigest } from './sample-digest.ts';

/**
 * Preview props for React Email's `email dev` (`npm run email:dev`): the sample week built from the
 * content files by the real pipeline, read from CONTENT_DIR and ISSUES_DIR (default `content/` and
 * `issues/` in the folder the command runs in). Falls back to the hand-written sample digest when the
 * content cannot be read, so the preview always opens.
 */
export function previewDigest(env: Record<string, string | undefined> = process.env): Digest {
  try {
    const config = loadConfig(env);
    return (
      digestFromContent({
        files: fileSystemContent,
        contentDir: config.contentDir,
        issuesDir: config.issuesDir,
        siteUrl: config.siteUrl,
        postalAddress: config.postalAddress,
        timezone: config.timezone,
      }) ?? sampleDigest
    );
  } catch {
    return sampleDigest;
  }
}
