import type { ReactNode } from 'react';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api';

const useStyles = makeStyles({
  center: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    textAlign: 'center',
  },
  icon: { fontSize: '48px', color: tokens.colorNeutralForeground3 },
  body: { color: tokens.colorNeutralForeground2, maxWidth: '40em' },
});

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.center}>
      <Spinner label={label ?? t('common.loading')} />
    </div>
  );
}

/** A message for a failed request that people can read: the server's translated `detail` when it gave one. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) return error.detail ?? t('errors.generic');
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.generic');
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{errorMessage(error, t)}</MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>{t('common.retry')}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

export function EmptyState({ icon, title, children }: { icon?: ReactNode; title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.center}>
      {icon ? <span className={styles.icon}>{icon}</span> : null}
      <Text as="h2" size={500} weight="semibold">
        {title}
      </Text>
      {children ? <div className={styles.body}>{children}</div> : null}
    </div>
  );
}
