import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useCurrentUser } from '../features/auth/session';
import { allowedPages, type PageEntry } from '../shared/pages';

const useStyles = makeStyles({
  nav: {
    width: '240px',
    flexShrink: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  nested: { paddingLeft: tokens.spacingHorizontalL },
  link: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    fontSize: tokens.fontSizeBase300,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
    },
  },
  active: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1Selected,
  },
  icon: { fontSize: '20px', color: tokens.colorNeutralForeground2 },
});

function NavItem({ page }: { page: PageEntry }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const Icon = page.icon;
  return (
    <NavLink
      to={page.path}
      end={page.name === 'settings' || page.name === 'notifications'}
      className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}
    >
      <Icon className={styles.icon} aria-hidden />
      {t(page.labelKey)}
    </NavLink>
  );
}

/** The left navigation: exactly the pages the server listed in `me.pages`. */
export function Navigation({ id }: { id?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const pages = allowedPages(me.pages);
  const hasSettings = pages.some((page) => page.name === 'settings');
  const topLevel = pages.filter((page) => !(hasSettings && page.underSettings));
  const settingsChildren = hasSettings ? pages.filter((page) => page.underSettings) : [];

  return (
    <nav id={id} aria-label={t('nav.label')} className={styles.nav}>
      <ul className={styles.list}>
        {topLevel.map((page) => (
          <li key={page.name}>
            <NavItem page={page} />
            {page.name === 'settings' && settingsChildren.length > 0 ? (
              <ul className={mergeClasses(styles.list, styles.nested)}>
                {settingsChildren.map((child) => (
                  <li key={child.name}>
                    <NavItem page={child} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
