import { Body, Container, Head, Html } from '@react-email/components';
import { Fragment } from 'react';
import type { Digest as DigestModel } from '../../src/render/digest-model.ts';
import { ComparisonCard } from './ComparisonCard.tsx';
import { Footer } from './Footer.tsx';
import { Intro } from './Intro.tsx';
import { Masthead } from './Masthead.tsx';
import { Preheader } from './Preheader.tsx';
import { previewDigest } from './preview-digest.ts';
import { ReadersVoted } from './ReadersVoted.tsx';
import { Selection } from './Selection.tsx';
import { Spacer } from './Spacer.tsx';
import { baseCss, darkCss, fonts, light } from './styles.ts';

/**
 * The weekly digest email: masthead, the editor's note, one card per comparison, what readers voted on
 * the last issue (when enough did), footer.
 */
export default function Digest({ digest }: { digest: DigestModel }) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        {/* Links open in a new tab in a browser (archive, preview); set once here instead of on each link. */}
        <base target="_blank" />
        <title>{digest.subject}</title>
        {/* Two blocks: a client that drops the dark-mode block still keeps the responsive one. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: constant CSS from styles.ts, no content */}
        <style dangerouslySetInnerHTML={{ __html: baseCss }} />
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: constant CSS from styles.ts, no content */}
        <style dangerouslySetInnerHTML={{ __html: darkCss }} />
      </Head>
      <Body
        className="wv-bg"
        style={{ backgroundColor: light.bg, margin: 0, padding: '24px 12px', fontFamily: fonts.sans }}
      >
        <Preheader text={digest.preheader} />
        <Container style={{ width: '100%', maxWidth: '600px' }}>
          <Masthead
            week={digest.week}
            rangeLabel={digest.rangeLabel}
            count={digest.comparisons.length}
            webUrl={digest.webUrl}
          />
          {digest.weekTotal !== undefined && digest.weekTotal > digest.comparisons.length ? (
            <Selection
              shown={digest.comparisons.length}
              total={digest.weekTotal}
              webUrl={digest.webUrl}
              preferencesUrl={digest.preferencesUrl}
            />
          ) : null}
          {digest.intro && digest.intro.html.trim() !== '' ? (
            <>
              <Spacer height={16} />
              <Intro html={digest.intro.html} />
            </>
          ) : null}
          {digest.comparisons.map((comparison) => (
            <Fragment key={comparison.slug}>
              <Spacer height={16} />
              <ComparisonCard comparison={comparison} />
            </Fragment>
          ))}
          {digest.readersVoted && digest.readersVoted.length > 0 ? (
            <>
              <Spacer height={16} />
              <ReadersVoted lines={digest.readersVoted} />
            </>
          ) : null}
          <Spacer height={24} />
          <Footer
            siteUrl={digest.siteUrl}
            webUrl={digest.webUrl}
            postalAddress={digest.postalAddress}
            unsubscribeUrl={digest.unsubscribeUrl}
            preferencesUrl={digest.preferencesUrl}
            recipientEmail={digest.recipientEmail}
          />
        </Container>
      </Body>
    </Html>
  );
}

// React Email's `email dev` reads PreviewProps. A getter, so the content files are read only when the
// preview asks, never when the pipeline imports this module to render a real edition.
Object.defineProperty(Digest, 'PreviewProps', {
  enumerable: true,
  get: () => ({ digest: previewDigest() }),
});
