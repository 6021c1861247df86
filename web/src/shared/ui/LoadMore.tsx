import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginTop: tokens.spacingVerticalL,
  },
  count: { color: tokens.colorNeutralForeground2 },
});

interface LoadMoreProps {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing x of y" and a button that fetches the next page. */
export function LoadMore({ shown, total, hasMore, loading, onLoadMore }: LoadMoreProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  return (
    <div className={styles.root}>
      <Text className={styles.count} aria-live="polite">
        {t('common.showing', { shown: format.number(shown), total: format.number(total), count: total })}
      </Text>
      {hasMore ? (
        <Button onClick={onLoadMore} disabledFocusable={loading}>
          {t('common.loadMore')}
        </Button>
      ) : null}
      {loading ? <Spinner size="tiny" label={t('common.loading')} /> : null}
    </div>
  );
}
