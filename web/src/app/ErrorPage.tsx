import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ErrorCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

const useStyles = makeStyles({
  main: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXXL,
    textAlign: 'center',
  },
  icon: { fontSize: '48px', color: tokens.colorPaletteRedForeground1 },
  title: { margin: 0 },
  body: { color: tokens.colorNeutralForeground2, maxWidth: '40em' },
});

/** What people see when the app crashed: an apology and a reload button. */
export function ErrorPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <main className={styles.main}>
      <ErrorCircleRegular className={styles.icon} aria-hidden />
      <Text as="h1" size={700} weight="semibold" className={styles.title}>
        {t('crash.title')}
      </Text>
      <Text as="p" className={styles.body}>
        {t('crash.body')}
      </Text>
      <Button
        appearance="primary"
        onClick={() => {
          window.location.reload();
        }}
      >
        {t('crash.reload')}
      </Button>
    </main>
  );
}

/** The router's error element: logs the error for developers, shows the crash page to people. */
export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error);
  return <ErrorPage />;
}

/** Catches crashes outside the router (providers, shell) so nobody faces a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { crashed: boolean }> {
  override state = { crashed: false };

  static getDerivedStateFromError(): { crashed: boolean } {
    return { crashed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.crashed ? <ErrorPage /> : this.props.children;
  }
}
