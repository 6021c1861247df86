import { Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { allowedPages } from '../../shared/pages';
import { useCurrentUser } from '../auth/session';
import { PageHeader } from '../../shared/ui/PageHeader';

const SETTINGS_PAGES = new Set(['operators', 'sso', 'tokens', 'auditlog']);

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalL,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  card: { height: '100%' },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
  },
  description: { color: tokens.colorNeutralForeground2 },
  icon: { fontSize: '24px', color: tokens.colorBrandForeground1 },
});

/** /settings — links to the settings pages this user may open. */
export function SettingsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const pages = allowedPages(me.pages).filter((page) => SETTINGS_PAGES.has(page.name));
  return (
    <>
      <PageHeader title={t('nav.settings')} subtitle={t('settings.intro')} />
      <ul className={styles.grid}>
        {pages.map((page) => {
          const Icon = page.icon;
          return (
            <li key={page.name}>
              <Card className={styles.card}>
                <CardHeader
                  image={<Icon className={styles.icon} aria-hidden />}
                  header={
                    <Link to={page.path} className={styles.link}>
                      {t(page.labelKey)}
                    </Link>
                  }
                  description={<Text className={styles.description}>{t(`settings.descriptions.${page.name}`)}</Text>}
                />
              </Card>
            </li>
          );
        })}
      </ul>
    </>
  );
}
