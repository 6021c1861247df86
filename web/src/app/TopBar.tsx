import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSaveLanguage } from '../features/auth/queries';
import { useCurrentUser } from '../features/auth/session';
import { UserMenu } from '../features/auth/UserMenu';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { LanguageSwitch } from '../shared/ui/LanguageSwitch';
import { ThemeSwitch } from '../shared/ui/ThemeSwitch';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  product: {
    color: tokens.colorBrandForeground1,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightBold,
    textDecorationLine: 'none',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  spacer: { flexGrow: 1 },
  organization: {
    color: tokens.colorNeutralForeground2,
    '@media (max-width: 720px)': { display: 'none' },
  },
});

/** Product name, organisation, the notification bell, language and theme switches, user menu. */
export function TopBar() {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const saveLanguage = useSaveLanguage();
  return (
    <header className={styles.bar}>
      <Link to="/" className={styles.product}>
        {t('app.name')}
      </Link>
      <div className={styles.spacer} />
      <Text className={styles.organization}>
        {t('userMenu.organization', { name: me.organization.name, kind: t(`kind.${me.organization.kind}`) })}
      </Text>
      <NotificationBell />
      <LanguageSwitch
        onChosen={(language) => {
          saveLanguage.mutate(language);
        }}
      />
      <ThemeSwitch />
      <UserMenu />
    </header>
  );
}
