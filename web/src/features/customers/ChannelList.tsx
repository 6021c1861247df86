import type { ReactNode } from 'react';
import { Button, makeStyles, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../shared/ui/LoadMore';
import { EmptyState, ErrorState } from '../../shared/ui/states';
import { ChannelGrid, type ChannelGridProps } from './ChannelGrid';
import type { ListName } from './queries';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  skeleton: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  skeletonRow: { display: 'grid', gridTemplateColumns: '3fr 2fr 1fr 1fr 1fr 2fr', gap: tokens.spacingHorizontalL },
});

interface ChannelListProps<T extends { id: string; name: string }> extends ChannelGridProps<T> {
  list: ListName;
  search: string;
  filtered: boolean;
  isPending: boolean;
  error: unknown;
  totalCount: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  onClearFilters: () => void;
  emptyIcon: ReactNode;
}

/** Placeholder rows while the first page loads; announced as loading. */
function ListSkeleton({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <Skeleton aria-label={label} className={styles.skeleton}>
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className={styles.skeletonRow}>
          {Array.from({ length: 6 }, (__, cell) => (
            <SkeletonItem key={cell} size={16} />
          ))}
        </div>
      ))}
    </Skeleton>
  );
}

/** A channel list with its loading, empty, no-match and error states, the grid and "Load more". */
export function ChannelList<T extends { id: string; name: string }>(props: ChannelListProps<T>) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { list, search, filtered, isPending, error, items, totalCount } = props;

  if (isPending) return <ListSkeleton label={t(`${list}.loading`)} />;
  if (error && items.length === 0) return <ErrorState error={error} onRetry={props.onRetry} />;
  if (items.length === 0) {
    if (!filtered) {
      return (
        <EmptyState icon={props.emptyIcon} title={t(`${list}.empty`)}>
          {t(`${list}.emptyHint`)}
        </EmptyState>
      );
    }
    return (
      <EmptyState icon={props.emptyIcon} title={search ? t(`${list}.noMatch`, { search }) : t(`${list}.noMatchFilter`)}>
        <Button onClick={props.onClearFilters}>{t('customers.clearFilters')}</Button>
      </EmptyState>
    );
  }
  return (
    <div className={styles.root}>
      {error ? <ErrorState error={error} onRetry={props.onRetry} /> : null}
      <ChannelGrid {...props} />
      <LoadMore
        shown={items.length}
        total={totalCount}
        hasMore={props.hasNextPage}
        loading={props.isFetchingNextPage}
        onLoadMore={props.onLoadMore}
      />
    </div>
  );
}
