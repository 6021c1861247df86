import { useCallback, useRef, useState } from 'react';
import {
  Button,
  CounterBadge,
  makeStyles,
  Tab,
  TabList,
  Text,
  Toaster,
  tokens,
  useId,
} from '@fluentui/react-components';
import {
  AlertRegular,
  ArchiveArrowBackRegular,
  ArchiveRegular,
  InfoRegular,
  MailReadRegular,
  TaskListLtrRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { VisuallyHidden } from '../../shared/ui/VisuallyHidden';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../../shared/ui/states';
import { CenterFilters } from './CenterFilters';
import { ItemPane } from './ItemPane';
import { isFiltered, useCenterView, writeCenterView, type CenterView } from './listParams';
import { NotificationTable } from './NotificationTable';
import { useBulkUpdate, useMarkAllRead, useNotificationCounts, useNotificationList } from './queries';
import { BULK_MAX, VIEWS, type NotificationItem, type View } from './types';
import { useNotify, type Notify } from './useNotify';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  tabBadge: { marginInlineStart: tokens.spacingHorizontalXS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    minHeight: '32px',
  },
  count: { color: tokens.colorNeutralForeground2, marginInlineEnd: tokens.spacingHorizontalS },
  reason: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
  reasonIcon: { flexShrink: 0, fontSize: '16px' },
});

const TAB_ICONS: Record<View, React.ReactElement> = {
  actions: <TaskListLtrRegular />,
  notifications: <AlertRegular />,
  archive: <ArchiveRegular />,
};

/**
 * /notifications — the Notification Center: Actions, Notifications and Archive tabs, filters, bulk Mark as read and
 * Archive (never a mandatory action), and the item pane. Tab, filters, sort and open item are kept in the URL.
 */
export function NotificationCenterPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const { view, update } = useCenterView();
  const [params] = useSearchParams();
  const baseId = useId('center');
  const toasterId = useId('center-toaster');
  const notify = useNotify(toasterId);
  const tabsRef = useRef<HTMLDivElement>(null);
  const counts = useNotificationCounts();
  const markAllRead = useMarkAllRead();

  const href = useCallback(
    (item: NotificationItem) => `?${writeCenterView(params, { item: item.id }).toString()}`,
    [params],
  );

  const closePane = () => {
    const id = view.item;
    update({ item: null });
    window.requestAnimationFrame(() => {
      const row = id ? document.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"]`) : null;
      if (row) row.focus();
      else tabsRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    });
  };

  const tabCount = (tab: View): number => {
    if (!counts.data) return 0;
    if (tab === 'actions') return counts.data.openActions;
    if (tab === 'notifications') return counts.data.unreadNotifications;
    return 0;
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.intro')}
        actions={
          view.tab === 'notifications' ? (
            <Button
              icon={<MailReadRegular />}
              disabledFocusable={markAllRead.isPending || (counts.data?.unreadNotifications ?? 0) === 0}
              onClick={() => {
                markAllRead.mutate(undefined, {
                  onSuccess: ({ updated }) => {
                    notify(
                      'success',
                      updated === 0
                        ? t('notifications.done.nothing')
                        : t('notifications.done.allRead', { count: updated, formatted: format.number(updated) }),
                    );
                  },
                  onError: (error) => {
                    notify('error', errorMessage(error, t));
                  },
                });
              }}
            >
              {t('notifications.markAllRead')}
            </Button>
          ) : undefined
        }
      />
      <Toaster toasterId={toasterId} position="bottom-end" />
      <TabList
        ref={tabsRef}
        className={styles.tabs}
        selectedValue={view.tab}
        aria-label={t('notifications.tabsLabel')}
        onTabSelect={(_event, data) => {
          const tab = VIEWS.find((value) => value === data.value);
          if (tab) update({ tab });
        }}
      >
        {VIEWS.map((tab) => {
          const count = tabCount(tab);
          return (
            <Tab
              key={tab}
              id={`${baseId}-tab-${tab}`}
              value={tab}
              icon={TAB_ICONS[tab]}
              aria-controls={`${baseId}-panel`}
            >
              {t(`notifications.tabs.${tab}`)}
              {count > 0 ? (
                <>
                  <CounterBadge
                    className={styles.tabBadge}
                    count={count}
                    overflowCount={999}
                    size="small"
                    appearance="ghost"
                    color="brand"
                    aria-hidden
                  />
                  <VisuallyHidden>
                    {` (${t(`notifications.tabCount.${tab}`, { count, formatted: format.number(count) })})`}
                  </VisuallyHidden>
                </>
              ) : null}
            </Tab>
          );
        })}
      </TabList>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${view.tab}`}>
        <CenterFilters view={view} update={update} />
        <ItemList
          // Another tab is another list (its own loading state); filters keep the rows shown while they load.
          key={view.tab}
          view={view}
          href={href}
          notify={notify}
          onClearFilters={() => {
            update({ workspace: null, category: null, state: null, unread: null, dueBy: null, q: null });
          }}
        />
      </div>
      {view.item ? <ItemPane key={view.item} id={view.item} onClose={closePane} notify={notify} /> : null}
    </>
  );
}

interface ItemListProps {
  view: CenterView;
  href: (item: NotificationItem) => string;
  notify: Notify;
  onClearFilters: () => void;
}

const NOTHING: ReadonlySet<string> = new Set();

/** One tab's items with the loading, empty, no-match and error states, the bulk bar, the table and "Load more". */
function ItemList({ view, href, notify, onClearFilters }: ItemListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useNotificationList(view);
  // A new filter or sort starts with nothing selected.
  const viewKey = JSON.stringify({ ...view, item: undefined });
  const [selection, setSelection] = useState<{ viewKey: string; ids: ReadonlySet<string> }>({
    viewKey,
    ids: new Set(),
  });
  const selected = selection.viewKey === viewKey ? selection.ids : NOTHING;
  const setSelected = (ids: ReadonlySet<string>) => {
    setSelection({ viewKey, ids });
  };

  if (list.isPending) return <LoadingState />;
  if (list.isError && list.items.length === 0) {
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.items.length === 0) {
    if (isFiltered(view)) {
      return (
        <EmptyState icon={TAB_ICONS[view.tab]} title={t('notifications.noMatch')}>
          <Button onClick={onClearFilters}>{t('notifications.filters.clear')}</Button>
        </EmptyState>
      );
    }
    return (
      <EmptyState icon={TAB_ICONS[view.tab]} title={t(`notifications.empty.${view.tab}.title`)}>
        {t(`notifications.empty.${view.tab}.body`)}
      </EmptyState>
    );
  }
  // Only what is on screen can be selected: items that left the list (archived elsewhere) leave the selection.
  const chosen = list.items.filter((item) => selected.has(item.id));
  return (
    <div className={styles.list}>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      <BulkBar
        tab={view.tab}
        chosen={chosen}
        total={list.totalCount}
        notify={notify}
        onDone={() => {
          setSelected(new Set());
        }}
      />
      <NotificationTable
        tab={view.tab}
        label={t(`notifications.tabs.${view.tab}`)}
        items={list.items}
        selected={new Set(chosen.map((item) => item.id))}
        onSelectionChange={setSelected}
        href={href}
        openId={view.item}
        busy={list.isPlaceholderData}
      />
      <LoadMore
        shown={list.items.length}
        total={list.totalCount}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </div>
  );
}

interface BulkBarProps {
  tab: View;
  chosen: NotificationItem[];
  total: number;
  notify: Notify;
  onDone: () => void;
}

/**
 * What to do with the selected items: Mark as read, and Archive — refused, with the reason, when the selection holds
 * a mandatory action — or Restore in the archive. All of them change, or none.
 */
function BulkBar({ tab, chosen, total, notify, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const bulk = useBulkUpdate();
  const reasonId = useId('bulk-reason');
  const none = chosen.length === 0;
  const tooMany = chosen.length > BULK_MAX;
  const hasMandatory = chosen.some((item) => !item.archivable);
  const unread = chosen.filter((item) => !item.read).length;

  const run = (change: { read?: boolean; archived?: boolean }, done: 'read' | 'archived' | 'restored') => {
    bulk.mutate(
      { ids: chosen.map((item) => item.id), ...change },
      {
        onSuccess: ({ updated }) => {
          notify(
            'success',
            updated === 0
              ? t('notifications.done.nothing')
              : t(`notifications.done.${done}`, { count: updated, formatted: format.number(updated) }),
          );
          onDone();
        },
        onError: (error) => {
          notify('error', errorMessage(error, t));
        },
      },
    );
  };

  return (
    <div className={styles.bar} role="toolbar" aria-label={t('notifications.selectionLabel')}>
      <Text className={styles.count} aria-live="polite">
        {none
          ? t('notifications.total', { count: total, formatted: format.number(total) })
          : t('notifications.selected', { count: chosen.length, formatted: format.number(chosen.length) })}
      </Text>
      <Button
        icon={<MailReadRegular />}
        disabledFocusable={none || tooMany || unread === 0 || bulk.isPending}
        onClick={() => {
          run({ read: true }, 'read');
        }}
      >
        {t('notifications.markRead')}
      </Button>
      {tab === 'archive' ? (
        <Button
          icon={<ArchiveArrowBackRegular />}
          disabledFocusable={none || tooMany || bulk.isPending}
          onClick={() => {
            run({ archived: false }, 'restored');
          }}
        >
          {t('notifications.restore')}
        </Button>
      ) : (
        <Button
          icon={<ArchiveRegular />}
          disabledFocusable={none || tooMany || hasMandatory || bulk.isPending}
          aria-describedby={hasMandatory ? reasonId : undefined}
          onClick={() => {
            run({ archived: true }, 'archived');
          }}
        >
          {t('notifications.archive')}
        </Button>
      )}
      {none ? null : (
        <Button appearance="subtle" onClick={onDone}>
          {t('notifications.clearSelection')}
        </Button>
      )}
      {hasMandatory && tab !== 'archive' ? (
        <Text id={reasonId} className={styles.reason}>
          <InfoRegular className={styles.reasonIcon} aria-hidden />
          {t('notifications.mandatoryNotArchivable')}
        </Text>
      ) : null}
      {tooMany ? (
        <Text className={styles.reason}>
          <InfoRegular className={styles.reasonIcon} aria-hidden />
          {t('notifications.tooMany', { formatted: format.number(BULK_MAX) })}
        </Text>
      ) : null}
    </div>
  );
}
