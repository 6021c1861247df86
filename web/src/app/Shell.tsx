import { useEffect } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { RequireSignIn, useCurrentUser } from '../features/auth/session';
import { setLanguage } from '../shared/i18n';
import { useEventStream } from '../shared/useEventStream';
import { Navigation } from './Navigation';
import { TopBar } from './TopBar';

const useStyles = makeStyles({
  skip: {
    position: 'absolute',
    left: '-10000px',
    top: tokens.spacingVerticalS,
    zIndex: 1000,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    ':focus': { left: tokens.spacingHorizontalS },
  },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: {
    flexGrow: 1,
    minWidth: 0,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    ':focus': { outlineStyle: 'none' },
  },
});

function SignedInLayout() {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  useEventStream(true);

  // The language saved on the profile wins over the browser's.
  const profileLanguage = me.user.language;
  useEffect(() => {
    if (profileLanguage) void setLanguage(profileLanguage);
  }, [profileLanguage]);

  return (
    <>
      <a href="#main" className={styles.skip}>
        {t('app.skipToContent')}
      </a>
      <TopBar />
      <div className={styles.body}>
        <Navigation />
        <main id="main" tabIndex={-1} className={styles.main}>
          <Outlet />
        </main>
      </div>
    </>
  );
}

/** The signed-in frame: top bar, navigation from `me.pages`, and the page in <main>. */
export function Shell() {
  return (
    <RequireSignIn>
      <SignedInLayout />
    </RequireSignIn>
  );
}
