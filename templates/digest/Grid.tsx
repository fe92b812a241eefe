import type { CSSProperties, ReactNode } from 'react';

export interface GridProps {
  children: ReactNode;
  className?: string | undefined;
  style?: CSSProperties | undefined;
}

/**
 * A one-row, full-width layout table for small arrangements inside a panel (label and figure, the bar,
 * the two stats). Leaner than Row/Column, which matters: a ten-comparison issue has dozens of these and
 * Gmail clips messages above 102 KB.
 */
export function Grid({ children, className, style }: GridProps) {
  return (
    <table
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      role="presentation"
      className={className}
      style={style}
    >
      <tbody>
        <tr>{children}</tr>
      </tbody>
    </table>
  );
}
