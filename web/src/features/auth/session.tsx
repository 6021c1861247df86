import { createContext, useContext, type ReactNode } from 'react';
import { makeStyles } from '@fluentui/react-components';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { useMe } from './queries';
import type { Me } from './types';

const MeContext = createContext<Me | null>(null);

/** The signed-in person; only usable below <RequireSignIn>. */
export function useCurrentUser(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useCurrentUser must be used below RequireSignIn');
  return me;
}

/** Only a path inside this app may be a return address, never another site. */
export function safeReturnPath(next: string | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return undefined;
  return next;
}

const useStyles = makeStyles({ main: { padding: '24px' } });

/** Renders its children for a signed-in person; sends everybody else to sign in, remembering where they were going. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const styles = useStyles();
  if (me.isPending || (me.isError && me.isFetching)) {
    return (
      <main className={styles.main}>
        <LoadingState />
      </main>
    );
  }
  if (me.isError) {
    return (
      <main className={styles.main}>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (me.data === null) {
    const wanted = `${location.pathname}${location.search}${location.hash}`;
    const search = wanted === '/' ? '' : `?${new URLSearchParams({ next: wanted }).toString()}`;
    return <Navigate to={`/sign-in${search}`} replace />;
  }
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}
