import type { CSSProperties, ReactNode } from 'react';

export interface AnchorProps {
  href: string;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  children: ReactNode;
}

/**
 * A link opening in a new tab, like React Email's <Link>, but undecorated with `text-decoration` instead
 * of `text-decoration-line`: five bytes shorter on every link, and honoured by Outlook for Windows.
 */
export function Anchor({ href, className, style, children }: AnchorProps) {
  return (
    // biome-ignore lint/security/noBlankTarget: browsers imply noopener for target=_blank; mail clients open links themselves
    <a href={href} target="_blank" className={className} style={{ textDecoration: 'none', ...style }}>
      {children}
    </a>
  );
}
