import { useEffect, type ReactNode } from 'react';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shared/ui/LanguageSwitch';
import { ThemeSwitch } from '../../shared/ui/ThemeSwitch';

const useStyles = makeStyles({
  page: { flexGrow: 1, display: 'flex', flexDirection: 'column' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  product: { color: tokens.colorBrandForeground1 },
  spacer: { flexGrow: 1 },
  main: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  narrow: { width: '100%', maxWidth: '760px', alignSelf: 'center' },
  wide: { width: '100%', maxWidth: '1200px', alignSelf: 'center' },
});

/** The frame of the public pages (onboarding, development mailbox): product name, language and theme, then <main>. */
export function PublicFrame({
  title,
  width = 'narrow',
  children,
}: {
  /** The document title (the page draws its own <h1>). */
  title: string;
  width?: 'narrow' | 'wide';
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  useEffect(() => {
    document.title = `${title} · Relais`;
  }, [title]);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Text size={500} weight="bold" className={styles.product}>
          {t('app.name')}
        </Text>
        <div className={styles.spacer} />
        <LanguageSwitch />
        <ThemeSwitch />
      </header>
      <main className={styles.main}>
        <div className={width === 'wide' ? styles.wide : styles.narrow}>{children}</div>
      </main>
    </div>
  );
}
