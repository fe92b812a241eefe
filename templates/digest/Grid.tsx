import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';

export interface GridProps {
  children: ReactNode;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  /** Vertical alignment of every cell, set once on the row. */
  valign?: 'top' | undefined;
}

/**
 * A one-row, full-width layout table for small arrangements inside a panel (label and figure, the bar,
 * the two stats). Leaner than Row/Column, which matters: a ten-comparison issue has dozens of these and
 * Gmail clips messages above 102 KB.
 */
export function Grid({ children, className, style, valign }: GridProps) {
  return (
    <table
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      role="presentation"
      className={className}
      style={style}
    >
      {/* No <tbody>: every HTML parser adds it, and writing it costs 15 bytes a table. */}
      <tr {...rowAlign(valign)}>{children}</tr>
    </table>
  );
}

/** `valign` on a row is valid HTML that every client honours; React's types list it for cells only. */
function rowAlign(valign: 'top' | undefined): HTMLAttributes<HTMLTableRowElement> {
  return (valign ? { valign } : {}) as HTMLAttributes<HTMLTableRowElement>;
}
