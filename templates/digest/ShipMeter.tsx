import { panelShipLabel, shipCaption } from '../../src/render/digest-text.ts';
import { Grid } from './Grid.tsx';
import { labelType, light } from './styles.ts';

export interface ShipMeterProps {
  /** 0–100, or null when nobody on the panel has reviewed the tool. */
  percent: number | null;
  shipCount: number;
  reviewCount: number;
}

// The track's type is set once on its table; the cells need only their height.
const barCell = { height: '8px' } as const;

/**
 * The panel's ship share as a figure, a bar and "3 of 4 reviewers ship". The bar is a one-row table whose
 * first cell takes the percentage as its width, which every client including Outlook lays out.
 */
export function ShipMeter({ percent, shipCount, reviewCount }: ShipMeterProps) {
  const filled = percent === null ? 0 : Math.min(100, Math.max(0, Math.round(percent)));
  return (
    <>
      <div style={labelType}>
        <b style={{ fontSize: '24px', lineHeight: '28px', letterSpacing: 0, color: light.ink }}>
          {panelShipLabel(percent)}
        </b>
        {' PANEL SHIP'}
      </div>
      <Grid
        className="wv-track"
        style={{
          margin: '6px 0',
          fontSize: '1px',
          lineHeight: '1px',
          backgroundColor: light.track,
          borderRadius: '4px',
        }}
      >
        {filled > 0 ? (
          <td
            className="wv-fill"
            width={filled < 100 ? `${filled}%` : undefined}
            style={{ ...barCell, backgroundColor: light.fill, borderRadius: '4px' }}
          >
            {'\u00a0'}
          </td>
        ) : null}
        {filled < 100 ? <td style={barCell}>{'\u00a0'}</td> : null}
      </Grid>
      <div style={{ fontSize: '12px' }}>{shipCaption(percent, shipCount, reviewCount)}</div>
    </>
  );
}
