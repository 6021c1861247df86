import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Button,
  CounterBadge,
  makeStyles,
  mergeClasses,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Spinner,
  Text,
  tokens,
  useId,
} from '@fluentui/react-components';
import { AlertRegular, ArrowRightRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../shared/format';
import { ErrorState } from '../../shared/ui/states';
import { VisuallyHidden } from '../../shared/ui/VisuallyHidden';
import { useCurrentUser } from '../auth/session';
import { CategoryBadge, inLanguage, useTextLanguage, useUnreadStyles, workspaceName } from './labels';
import { itemHref } from './listParams';
import { useBellItems, useNotificationCounts } from './queries';
import type { NotificationItem } from './types';

const useStyles = makeStyles({
  iconFrame: { position: 'relative', display: 'inline-flex' },
  icon: { fontSize: '20px' },
  badge: {
    position: 'absolute',
    top: '-6px',
    left: '10px',
    pointerEvents: 'none',
  },
  surface: {
    width: '400px',
    maxWidth: 'calc(100vw - 32px)',
    maxHeight: 'min(640px, calc(100vh - 80px))',
    overflowY: 'auto',
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
  },
  header: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0 },
  section: {
    display: 'flex',
    flexDirection: 'column',
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionTitle: {
    margin: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  entry: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
    },
  },
  dotSlot: { paddingTop: '6px' },
  entryText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  entryTitle: { overflowWrap: 'anywhere' },
  unreadTitle: { fontWeight: tokens.fontWeightSemibold },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  empty: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalS}`,
    color: tokens.colorNeutralForeground2,
  },
  more: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    color: tokens.colorBrandForegroundLink,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  state: { padding: tokens.spacingHorizontalL },
  footer: {
    display: 'flex',
    justifyContent: 'flex-end',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
  },
});

/** The bell of the top bar, for those whose pages include the Notification Center. */
export function NotificationBell() {
  const me = useCurrentUser();
  if (!me.pages.includes('notifications')) return null;
  return <Bell />;
}

/**
 * A button whose badge counts the pending critical actions and the unread notifications (exact; "99+" only in the
 * badge), opening a panel that lists the pending actions first, then the newest unread notifications.
 */
function Bell() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const counts = useNotificationCounts();
  const titleId = useId('bell-title');
  const figuresId = useId('bell-figures');
  const pending = counts.data?.pendingActions ?? 0;
  const unread = counts.data?.unreadNotifications ?? 0;
  const total = pending + unread;
  // The name stays "Notifications" (it is how people find the button); the exact figures are its description.
  const figures = counts.data
    ? t('bell.figures', {
        actions: t('bell.pendingActions', { count: pending, formatted: format.number(pending) }),
        unread: t('bell.unread', { count: unread, formatted: format.number(unread) }),
      })
    : '';
  const announcement = useArrivals(total, counts.data !== undefined, t('bell.arrived', { figures }));

  return (
    <>
      <Popover
        open={open}
        onOpenChange={(_event, data) => {
          setOpen(data.open);
        }}
        positioning="below-end"
        trapFocus
        withArrow
      >
        <PopoverTrigger disableButtonEnhancement>
          <Button
            appearance="subtle"
            aria-label={t('bell.label')}
            aria-describedby={figures ? figuresId : undefined}
            title={figures ? `${t('bell.label')} — ${figures}` : t('bell.label')}
            icon={
              <span className={styles.iconFrame}>
                <AlertRegular className={styles.icon} />
                {total > 0 ? (
                  <CounterBadge
                    className={styles.badge}
                    count={total}
                    overflowCount={99}
                    size="small"
                    color="danger"
                    aria-hidden
                  />
                ) : null}
              </span>
            }
          />
        </PopoverTrigger>
        <PopoverSurface className={styles.surface} aria-labelledby={titleId}>
          <BellPanel
            titleId={titleId}
            pending={pending}
            unread={unread}
            onNavigate={() => {
              setOpen(false);
            }}
          />
        </PopoverSurface>
      </Popover>
      <VisuallyHidden>
        <span id={figuresId}>{figures}</span>
        <span role="status">{announcement}</span>
      </VisuallyHidden>
    </>
  );
}

/** What a screen reader hears when something new arrives (the figure went up), not at the first load. */
function useArrivals(total: number, loaded: boolean, label: string): string {
  const previous = useRef<number | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!loaded) return;
    if (previous.current !== undefined && total > previous.current) setAnnouncement(label);
    previous.current = total;
  }, [total, loaded, label]);
  return announcement;
}

interface BellPanelProps {
  titleId: string;
  pending: number;
  unread: number;
  onNavigate: () => void;
}

function BellPanel({ titleId, pending, unread, onNavigate }: BellPanelProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const navigate = useNavigate();
  const items = useBellItems(true);

  let content: ReactNode;
  if (items.isPending) {
    content = (
      <div className={styles.state}>
        <Spinner size="small" label={t('common.loading')} />
      </div>
    );
  } else if (items.error) {
    content = (
      <div className={styles.state}>
        <ErrorState error={items.error} onRetry={items.refetch} />
      </div>
    );
  } else {
    content = (
      <>
        <BellSection
          title={t('bell.pendingTitle')}
          items={items.actions}
          empty={t('bell.nothingPending')}
          more={
            pending > items.actions.length
              ? t('bell.moreActions', {
                  count: pending - items.actions.length,
                  formatted: format.number(pending - items.actions.length),
                })
              : undefined
          }
          moreHref="/notifications"
          onNavigate={onNavigate}
        />
        <BellSection
          title={t('bell.unreadTitle')}
          items={items.notifications}
          empty={t('bell.nothingUnread')}
          more={
            unread > items.notifications.length
              ? t('bell.moreUnread', {
                  count: unread - items.notifications.length,
                  formatted: format.number(unread - items.notifications.length),
                })
              : undefined
          }
          moreHref="/notifications?tab=notifications&unread=true"
          onNavigate={onNavigate}
        />
      </>
    );
  }

  return (
    <>
      <div className={styles.header}>
        <Text as="h2" id={titleId} size={400} weight="semibold" className={styles.title}>
          {t('bell.panelLabel')}
        </Text>
      </div>
      {content}
      <div className={styles.footer}>
        <Button
          appearance="primary"
          icon={<ArrowRightRegular />}
          iconPosition="after"
          onClick={() => {
            onNavigate();
            void navigate('/notifications');
          }}
        >
          {t('bell.goToCenter')}
        </Button>
      </div>
    </>
  );
}

interface BellSectionProps {
  title: string;
  items: NotificationItem[];
  empty: string;
  more: string | undefined;
  moreHref: string;
  onNavigate: () => void;
}

function BellSection({ title, items, empty, more, moreHref, onNavigate }: BellSectionProps) {
  const styles = useStyles();
  const id = useId('bell-section');
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Text as="h3" id={id} size={200} weight="semibold" className={styles.sectionTitle}>
        {title}
      </Text>
      {items.length === 0 ? (
        <Text className={styles.empty}>{empty}</Text>
      ) : (
        <ul className={styles.list}>
          {items.map((item) => (
            <li key={item.id}>
              <BellEntry item={item} onNavigate={onNavigate} />
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <Link to={moreHref} className={styles.more} onClick={onNavigate}>
          <Text size={200}>{more}</Text>
        </Link>
      ) : null}
    </section>
  );
}

function BellEntry({ item, onNavigate }: { item: NotificationItem; onNavigate: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const unreadStyles = useUnreadStyles();
  const format = useFormat();
  const language = useTextLanguage();
  const isAction = item.type === 'action';
  const unread = !item.read;
  return (
    <Link to={itemHref(item)} className={styles.entry} onClick={onNavigate}>
      <span className={styles.dotSlot}>
        <span className={unread ? unreadStyles.dot : unreadStyles.spacer} aria-hidden />
      </span>
      <span className={styles.entryText}>
        <Text className={mergeClasses(styles.entryTitle, unread && styles.unreadTitle)}>
          {inLanguage(item.title, language)}
          {unread ? <VisuallyHidden>{` (${t('notifications.unreadMark')})`}</VisuallyHidden> : null}
        </Text>
        <span className={styles.meta}>
          {isAction ? <CategoryBadge category={item.category} /> : null}
          <Text size={200}>{workspaceName(t, item.workspace)}</Text>
          <Text size={200} className={item.state === 'overdue' ? styles.overdue : undefined}>
            {isAction
              ? t(item.state === 'overdue' ? 'bell.overdue' : 'bell.due', { date: format.date(item.dueAt) })
              : format.dateTime(item.publishedAt)}
          </Text>
        </span>
      </span>
    </Link>
  );
}
