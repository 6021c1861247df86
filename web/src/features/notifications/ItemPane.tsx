import { useEffect, useRef } from 'react';
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Text,
  tokens,
  useId,
} from '@fluentui/react-components';
import {
  ArchiveArrowBackRegular,
  ArchiveRegular,
  CheckmarkCircleRegular,
  Dismiss24Regular,
  InfoRegular,
  MailUnreadRegular,
  OpenRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { DueDate } from '../../shared/ui/DueDate';
import { ErrorState, errorMessage, LoadingState } from '../../shared/ui/states';
import { VisuallyHidden } from '../../shared/ui/VisuallyHidden';
import { useCurrentUser } from '../auth/session';
import { useBelowTopBar } from '../customers/useBelowTopBar';
import { useMediaQuery } from '../customers/useMediaQuery';
import { CategoryBadge, inLanguage, StateBadge, useTextLanguage, workspaceName } from './labels';
import { useCompleteAction, useNotificationItem, useUpdateItem } from './queries';
import type { NotificationItem } from './types';
import type { Notify } from './useNotify';

const useStyles = makeStyles({
  title: { overflowWrap: 'anywhere' },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBottom: tokens.spacingVerticalXXL,
  },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  text: { whiteSpace: 'pre-line', overflowWrap: 'anywhere', margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  note: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
    margin: 0,
  },
  noteIcon: { flexShrink: 0, fontSize: '16px', marginTop: '2px' },
  details: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8em, max-content) 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  sectionTitle: { margin: 0 },
});

const DAY_MS = 24 * 60 * 60 * 1000;

interface ItemPaneProps {
  id: string;
  onClose: () => void;
  notify: Notify;
}

/**
 * The item open on the right of the Center (non-modal: the list stays usable), which marks it read: its text in the
 * UI language, the link it is about, its due date and state; Mark as done (actions, for those who may), Archive or
 * Restore (never for a mandatory action), Mark as unread.
 */
export function ItemPane({ id, onClose, notify }: ItemPaneProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const narrow = useMediaQuery('(max-width: 720px)');
  const surfaceRef = useBelowTopBar<HTMLDivElement>();
  const language = useTextLanguage();
  const query = useNotificationItem(id);
  const item = query.data;

  // Not while the list's row stands in for the item (it may be older than the item itself).
  useMarkRead(query.isPlaceholderData ? undefined : query.data);

  return (
    <OverlayDrawer
      ref={surfaceRef}
      open
      modalType="non-modal"
      position="end"
      size={narrow ? 'full' : 'medium'}
      onOpenChange={(_event, data) => {
        if (!data.open) onClose();
      }}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          className={styles.title}
          action={
            <Button
              appearance="subtle"
              aria-label={t('notifications.pane.close')}
              title={t('notifications.pane.close')}
              icon={<Dismiss24Regular />}
              onClick={onClose}
            />
          }
        >
          {item ? inLanguage(item.title, language) : t('notifications.pane.loading')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {query.isError && isApiError(query.error, 404) ? (
          <MessageBar intent="warning">
            <MessageBarBody>{t('notifications.pane.notFound')}</MessageBarBody>
          </MessageBar>
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : item ? (
          <ItemContent item={item} onClose={onClose} notify={notify} />
        ) : (
          <LoadingState label={t('notifications.pane.loading')} />
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}

/** Opening an unread item marks it read, once (it may be marked unread again from the pane). */
function useMarkRead(item: NotificationItem | undefined) {
  const { mutate } = useUpdateItem();
  const marked = useRef(new Set<string>());
  useEffect(() => {
    if (!item || item.read || marked.current.has(item.id)) return;
    marked.current.add(item.id);
    mutate({ id: item.id, change: { read: true } });
  }, [item, mutate]);
}

function ItemContent({ item, onClose, notify }: { item: NotificationItem; onClose: () => void; notify: Notify }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const navigate = useNavigate();
  const language = useTextLanguage();
  const me = useCurrentUser();
  const change = useUpdateItem();
  const complete = useCompleteAction();
  const reasonId = useId('archive-reason');
  const detailsId = useId('item-details');
  const actionsId = useId('item-actions');
  const title = inLanguage(item.title, language);
  const isAction = item.type === 'action';
  const canComplete = me.permissions.includes('notifications.complete');
  const toDo = isAction && item.state !== 'completed';
  // Highlighted while it is still to come within 30 days (an overdue one says so in its state).
  const untilDue = item.dueAt ? new Date(item.dueAt).getTime() - Date.now() : Number.NaN;
  const soon = toDo && untilDue > 0 && untilDue < 30 * DAY_MS;
  const failed = change.isError ? change.error : complete.isError ? complete.error : undefined;

  const setArchived = (archived: boolean) => {
    complete.reset();
    change.mutate(
      { id: item.id, change: { archived } },
      {
        onSuccess: () => {
          notify('success', t(archived ? 'notifications.itemArchived' : 'notifications.itemRestored', { title }));
          onClose();
        },
      },
    );
  };

  return (
    <>
      <div className={styles.badges}>
        <CategoryBadge category={item.category} />
        {item.state ? <StateBadge state={item.state} /> : null}
      </div>
      <p className={styles.text}>{inLanguage(item.body, language)}</p>

      <section aria-labelledby={actionsId}>
        <h3 id={actionsId} className={styles.sectionTitle}>
          <VisuallyHidden>{t('notifications.pane.itemActions')}</VisuallyHidden>
        </h3>
        <div className={styles.actions}>
          <Button
            as="a"
            href={item.link}
            appearance="primary"
            icon={<OpenRegular />}
            onClick={(event) => {
              event.preventDefault();
              void navigate(item.link);
            }}
          >
            {t('notifications.open')}
          </Button>
          {toDo && canComplete ? (
            <Button
              icon={<CheckmarkCircleRegular />}
              disabledFocusable={complete.isPending}
              onClick={() => {
                change.reset();
                complete.mutate(item.id, {
                  onSuccess: () => {
                    notify('success', t('notifications.itemCompleted', { title, organization: me.organization.name }));
                  },
                });
              }}
            >
              {t('notifications.markDone')}
            </Button>
          ) : null}
          {item.archived ? (
            <Button
              icon={<ArchiveArrowBackRegular />}
              disabledFocusable={change.isPending}
              onClick={() => {
                setArchived(false);
              }}
            >
              {t('notifications.restore')}
            </Button>
          ) : (
            <Button
              icon={<ArchiveRegular />}
              disabledFocusable={!item.archivable || change.isPending}
              aria-describedby={item.archivable ? undefined : reasonId}
              onClick={() => {
                if (item.archivable) setArchived(true);
              }}
            >
              {t('notifications.archive')}
            </Button>
          )}
          {item.read ? (
            <Button
              appearance="subtle"
              icon={<MailUnreadRegular />}
              disabledFocusable={change.isPending}
              onClick={() => {
                complete.reset();
                change.mutate(
                  { id: item.id, change: { read: false } },
                  {
                    onSuccess: () => {
                      notify('success', t('notifications.itemUnread', { title }));
                      onClose();
                    },
                  },
                );
              }}
            >
              {t('notifications.markUnread')}
            </Button>
          ) : null}
        </div>
      </section>
      {!item.archivable && !item.archived ? (
        <Text as="p" id={reasonId} className={styles.note}>
          <InfoRegular className={styles.noteIcon} aria-hidden />
          {t('notifications.mandatoryNotArchivable')}
        </Text>
      ) : null}
      {toDo && !canComplete ? (
        <Text as="p" className={styles.note}>
          <InfoRegular className={styles.noteIcon} aria-hidden />
          {t('notifications.pane.noPermission')}
        </Text>
      ) : null}
      {failed ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errorMessage(failed, t)}</MessageBarBody>
        </MessageBar>
      ) : null}

      <section aria-labelledby={detailsId}>
        <Text as="h3" id={detailsId} size={400} weight="semibold" className={styles.sectionTitle}>
          {t('notifications.pane.details')}
        </Text>
        <dl className={styles.details}>
          <dt className={styles.term}>{t('notifications.pane.workspace')}</dt>
          <dd className={styles.definition}>{workspaceName(t, item.workspace)}</dd>
          <dt className={styles.term}>{t('notifications.pane.published')}</dt>
          <dd className={styles.definition}>
            <time dateTime={item.publishedAt}>{format.dateTime(item.publishedAt)}</time>
          </dd>
          {isAction ? (
            <>
              <dt className={styles.term}>{t('notifications.pane.due')}</dt>
              <dd className={styles.definition}>
                <DueDate iso={item.dueAt} soon={soon} />
              </dd>
              <dt className={styles.term}>{t('notifications.pane.state')}</dt>
              <dd className={styles.definition}>{item.state ? t(`notifications.state.${item.state}`) : null}</dd>
            </>
          ) : null}
          {item.completed ? (
            <>
              <dt className={styles.term}>{t('notifications.pane.completed')}</dt>
              <dd className={styles.definition}>
                {item.completed.via === 'task'
                  ? t('notifications.pane.completedByTask', { date: format.dateTime(item.completed.at) })
                  : item.completed.by
                    ? t('notifications.pane.completedBy', {
                        date: format.dateTime(item.completed.at),
                        name: item.completed.by,
                      })
                    : format.dateTime(item.completed.at)}
              </dd>
            </>
          ) : null}
          <dt className={styles.term}>{t('notifications.pane.source')}</dt>
          <dd className={styles.definition}>{t(`notifications.source.${item.source}`)}</dd>
        </dl>
      </section>
    </>
  );
}
