import { Img } from '@react-email/components';
import type { DigestTool } from '../../src/render/digest-model.ts';
import { communityLabel } from '../../src/render/digest-text.ts';
import { Anchor } from './Anchor.tsx';
import { FactChanges } from './FactChanges.tsx';
import { Grid } from './Grid.tsx';
import { safeHref } from './href.ts';
import { PullQuote } from './PullQuote.tsx';
import { ShipMeter } from './ShipMeter.tsx';
import { figureType, labelType, light } from './styles.ts';
import { VoteButtons } from './VoteButtons.tsx';

const statValue = { ...figureType, fontSize: '15px' } as const;

/**
 * One side of a comparison: who the tool is, how the panel and community voted, its price, what changed
 * since a sent edition last showed it, a quote, and the reader's own Ship it / Skip it.
 * Rendered inside the panel cell, whose muted 14px type the plain lines inherit; bold lines and links are
 * ink (the dark-mode rules `.wv-panel b` and `.wv-panel a` rely on that).
 */
export function ToolPanel({ tool }: { tool: DigestTool }) {
  const href = safeHref(tool.url);
  const logo = safeHref(tool.logo);
  return (
    <>
      {logo ? (
        <Img
          src={logo}
          alt={`${tool.name} logo`}
          width="36"
          height="36"
          style={{ borderRadius: '8px', marginBottom: '12px' }}
        />
      ) : null}
      <div style={labelType}>{tool.category.toUpperCase()}</div>
      <b
        style={{ display: 'block', margin: '4px 0', fontSize: '19px', lineHeight: '24px', color: light.ink }}
      >
        {href ? (
          <Anchor href={href} style={{ color: light.ink }}>
            {tool.name}
          </Anchor>
        ) : (
          tool.name
        )}
      </b>
      <div style={{ marginBottom: '14px' }}>{tool.tagline}</div>
      <ShipMeter percent={tool.panelShip} shipCount={tool.shipCount} reviewCount={tool.reviewCount} />
      {/* The label type and alignment are set once, on the table and the row; both cells inherit them. */}
      <Grid style={{ marginTop: '14px', ...labelType }} valign="top">
        <td width="50%">
          COMMUNITY
          <br />
          <b style={statValue}>{communityLabel(tool.community)}</b>
        </td>
        <td width="50%">
          ENTRY
          <br />
          <b style={statValue}>{tool.entry}</b>
        </td>
      </Grid>
      {tool.changes ? <FactChanges changes={tool.changes} /> : null}
      {tool.quote ? <PullQuote quote={tool.quote} /> : null}
      {tool.vote ? <VoteButtons vote={tool.vote} /> : null}
    </>
  );
}
