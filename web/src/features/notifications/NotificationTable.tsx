import {
  Checkbox,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/format';
import { VisuallyHidden } from '../../shared/ui/VisuallyHidden';
import { CategoryBadge, inLanguage, StateBadge, useTextLanguage, useUnreadStyles, workspaceName } from './labels';
import type { NotificationItem, View } from './types';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', minWidth: 0 },
  table: { minWidth: '880px' },
  busy: { opacity: 0.6, transitionProperty: 'opacity', transitionDuration: tokens.durationNormal },
  select: { width: '44px' },
  title: { width: 'auto' },
  workspace: { width: '13em' },
  category: { width: '9.5em' },
  due: { width: '9em' },
  state: { width: '8.5em' },
  published: { width: '11em' },
  cell: { paddingBlock: tokens.spacingVerticalS, verticalAlign: 'middle' },
  titleCell: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  link: {
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    overflowWrap: 'anywhere',
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
      borderRadius: tokens.borderRadiusSmall,
    },
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface NotificationTableProps {
  tab: View;
  /** The table's accessible name (the tab's name). */
  label: string;
  items: NotificationItem[];
  selected: ReadonlySet<string>;
  onSelectionChange: (selected: ReadonlySet<string>) => void;
  /** The address that opens an item in the pane, keeping the tab and its filters. */
  href: (item: NotificationItem) => string;
  /** The item open in the pane, highlighted. */
  openId: string | undefined;
  busy: boolean;
}

/**
 * One tab's items: a checkbox for the bulk actions, the title (bold and dotted while unread) that opens the item,
 * its workspace, category, and for actions the due date and state; the date it was published.
 */
export function NotificationTable(props: NotificationTableProps) {
  const { tab, label, items, selected, onSelectionChange, href, openId, busy } = props;
  const { t } = useTranslation();
  const styles = useStyles();
  const unreadStyles = useUnreadStyles();
  const format = useFormat();
  const language = useTextLanguage();
  const showAction = tab !== 'notifications';
  const chosen = items.filter((item) => selected.has(item.id)).length;
  const all = chosen > 0 && chosen === items.length;

  const toggle = (id: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(id);
    else next.delete(id);
    onSelectionChange(next);
  };

  return (
    <div className={styles.scroller}>
      <Table aria-label={label} aria-busy={busy} className={mergeClasses(styles.table, busy && styles.busy)}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.select}>
              <Checkbox
                aria-label={t('notifications.selectAll')}
                checked={all ? true : chosen > 0 ? 'mixed' : false}
                onChange={(_event, data) => {
                  onSelectionChange(data.checked === true ? new Set(items.map((item) => item.id)) : new Set());
                }}
              />
            </TableHeaderCell>
            <TableHeaderCell className={styles.title}>{t('notifications.columns.title')}</TableHeaderCell>
            <TableHeaderCell className={styles.workspace}>{t('notifications.columns.workspace')}</TableHeaderCell>
            <TableHeaderCell className={styles.category}>{t('notifications.columns.category')}</TableHeaderCell>
            {showAction ? (
              <>
                <TableHeaderCell className={styles.due}>{t('notifications.columns.due')}</TableHeaderCell>
                <TableHeaderCell className={styles.state}>{t('notifications.columns.state')}</TableHeaderCell>
              </>
            ) : null}
            <TableHeaderCell className={styles.published}>{t('notifications.columns.published')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => {
            const title = inLanguage(item.title, language);
            const unread = !item.read;
            const isSelected = selected.has(item.id);
            return (
              <TableRow key={item.id} className={mergeClasses((isSelected || item.id === openId) && styles.selected)}>
                <TableCell className={styles.cell}>
                  <Checkbox
                    aria-label={t('notifications.selectItem', { title })}
                    checked={isSelected}
                    onChange={(_event, data) => {
                      toggle(item.id, data.checked === true);
                    }}
                  />
                </TableCell>
                <TableCell className={styles.cell}>
                  <span className={styles.titleCell}>
                    <span className={unread ? unreadStyles.dot : unreadStyles.spacer} aria-hidden />
                    <Link
                      to={href(item)}
                      data-item-id={item.id}
                      className={mergeClasses(styles.link, unread && styles.unread)}
                    >
                      {title}
                      {unread ? <VisuallyHidden>{` (${t('notifications.unreadMark')})`}</VisuallyHidden> : null}
                    </Link>
                  </span>
                </TableCell>
                <TableCell className={styles.cell}>{workspaceName(t, item.workspace)}</TableCell>
                <TableCell className={styles.cell}>
                  <CategoryBadge category={item.category} />
                </TableCell>
                {showAction ? (
                  <>
                    <TableCell className={styles.cell}>
                      {item.dueAt ? (
                        <time dateTime={item.dueAt}>{format.date(item.dueAt)}</time>
                      ) : (
                        <Text className={styles.muted}>{t('common.none')}</Text>
                      )}
                    </TableCell>
                    <TableCell className={styles.cell}>
                      {item.state ? (
                        <StateBadge state={item.state} />
                      ) : (
                        <Text className={styles.muted}>{t('common.none')}</Text>
                      )}
                    </TableCell>
                  </>
                ) : null}
                <TableCell className={styles.cell}>
                  <time dateTime={item.publishedAt}>{format.dateTime(item.publishedAt)}</time>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
