import type { ReactNode } from 'react';
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { OpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

const useStyles = makeStyles({
  link: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  icon: { fontSize: '14px', flexShrink: 0 },
});

/** A link to another site, opened in a new tab without giving that page a handle on this one. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer" className={styles.link}>
      {children}
      <OpenRegular className={styles.icon} aria-hidden />
      <VisuallyHidden>{t('common.opensInNewTab')}</VisuallyHidden>
    </Link>
  );
}
