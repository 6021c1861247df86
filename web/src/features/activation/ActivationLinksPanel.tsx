import { useRef, useState } from 'react';
import {
  Badge,
  makeStyles,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  Toast,
  ToastTitle,
  Toaster,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { LinkMultipleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { useCurrentUser } from '../auth/session';
import { LinkActions, type Notify } from './LinkActions';
import { useActivationLinks } from './queries';
import { ACTIVATION_STATUSES, type ActivationLink, type ActivationStatus } from './types';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  secondary: { display: 'block', color: tokens.colorNeutralForeground2 },
  skus: { margin: 0, paddingLeft: 0, listStyleType: 'none', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  scroll: { overflowX: 'auto' },
  // Fluent's tables share the width equally; these columns differ a lot (e-mail addresses, three buttons).
  table: { tableLayout: 'auto' },
  email: { overflowWrap: 'anywhere' },
  link: { color: tokens.colorBrandForegroundLink },
});

interface ActivationLinksPanelProps {
  /** The status shown; uncontrolled (starting with pending) when left out. */
  status?: ActivationStatus;
  onStatusChange?: (status: ActivationStatus) => void;
}

/**
 * The activation links the organisation sent, by status (Pending, Used, Expired, Revoked), with Copy link, Resend and
 * Revoke per row. Customer and partner links share the list; distributors and the vendor see a kind column.
 */
export function ActivationLinksPanel({ status: controlled, onStatusChange }: ActivationLinksPanelProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const [own, setOwn] = useState<ActivationStatus>('pending');
  const status = controlled ?? own;
  const baseId = useId('activation-links');
  const toasterId = useId('activation-toaster');
  const { dispatchToast } = useToastController(toasterId);
  const tabsRef = useRef<HTMLDivElement>(null);

  const notify: Notify = (intent, message) => {
    dispatchToast(
      <Toast>
        <ToastTitle>{message}</ToastTitle>
      </Toast>,
      { intent, politeness: intent === 'error' ? 'assertive' : 'polite' },
    );
  };
  // A row that leaves the list takes the focused button with it: put focus back on the selected tab.
  const onLeaveList = () => {
    tabsRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  };

  const select = (next: ActivationStatus) => {
    setOwn(next);
    onStatusChange?.(next);
  };

  return (
    <section aria-label={t('activation.links')}>
      <Toaster toasterId={toasterId} position="bottom-end" />
      <TabList
        ref={tabsRef}
        className={styles.tabs}
        selectedValue={status}
        aria-label={t('activation.statusFilter')}
        onTabSelect={(_event, data) => {
          select(data.value as ActivationStatus);
        }}
      >
        {ACTIVATION_STATUSES.map((value) => (
          <Tab key={value} id={`${baseId}-tab-${value}`} value={value} aria-controls={`${baseId}-panel`}>
            {t(`activation.status.${value}`)}
          </Tab>
        ))}
      </TabList>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${status}`}>
        <LinksOfStatus
          key={status}
          status={status}
          showKind={me.organization.kind !== 'partner'}
          canWrite={me.permissions.includes('organizations.write')}
          notify={notify}
          onLeaveList={onLeaveList}
        />
      </div>
    </section>
  );
}

interface LinksOfStatusProps {
  status: ActivationStatus;
  showKind: boolean;
  canWrite: boolean;
  notify: Notify;
  onLeaveList: () => void;
}

function LinksOfStatus({ status, showKind, canWrite, notify, onLeaveList }: LinksOfStatusProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useActivationLinks(status);
  const label = t(`activation.tableLabel.${status}`);

  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return <EmptyState icon={<LinkMultipleRegular />} title={t(`activation.empty.${status}`)} />;

  return (
    <>
      <div className={styles.scroll}>
        <Table aria-label={label} className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('activation.columns.organization')}</TableHeaderCell>
              <TableHeaderCell>{t('activation.columns.recipient')}</TableHeaderCell>
              {showKind ? <TableHeaderCell>{t('activation.columns.kind')}</TableHeaderCell> : null}
              <TableHeaderCell>{t('activation.columns.skus')}</TableHeaderCell>
              <TableHeaderCell>{t('activation.columns.sent')}</TableHeaderCell>
              <TableHeaderCell>
                {status === 'used' ? t('activation.columns.used') : t('activation.columns.expires')}
              </TableHeaderCell>
              {canWrite && status !== 'used' ? (
                <TableHeaderCell>{t('activation.columns.actions')}</TableHeaderCell>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((link) => (
              <LinkRow
                key={link.id}
                link={link}
                showKind={showKind}
                actions={canWrite && status !== 'used'}
                notify={notify}
                onLeaveList={onLeaveList}
              />
            ))}
          </TableBody>
        </Table>
      </div>
      <LoadMore
        shown={list.items.length}
        total={list.totalCount}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </>
  );
}

interface LinkRowProps {
  link: ActivationLink;
  showKind: boolean;
  actions: boolean;
  notify: Notify;
  onLeaveList: () => void;
}

function LinkRow({ link, showKind, actions, notify, onLeaveList }: LinkRowProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const nameId = useId('activation-link-name');
  return (
    <TableRow>
      <TableCell>
        <Text id={nameId} weight="semibold">
          {link.organizationName}
        </Text>
      </TableCell>
      <TableCell className={styles.email}>
        {link.recipientEmail}
        <Text size={200} className={styles.secondary}>
          {t(`activation.languageName.${link.language}`)}
        </Text>
      </TableCell>
      {showKind ? (
        <TableCell>
          <Badge appearance="tint" color={link.kind === 'partner' ? 'brand' : 'informative'}>
            {t(`activation.kind.${link.kind}`)}
          </Badge>
        </TableCell>
      ) : null}
      <TableCell>
        {link.skus.length > 0 ? (
          <ul className={styles.skus}>
            {link.skus.map((sku) => (
              <li key={sku.skuId}>
                {t('activation.skuQuantity', { name: sku.name, quantity: format.number(sku.quantity) })}
              </li>
            ))}
          </ul>
        ) : (
          t('common.none')
        )}
      </TableCell>
      <TableCell>
        {t('activation.sendCount', { count: link.sendCount, formatted: format.number(link.sendCount) })}
        <Text size={200} className={styles.secondary}>
          {t('activation.lastSent', { date: format.dateTime(link.lastSentAt) })}
        </Text>
      </TableCell>
      <TableCell>
        {link.status === 'used' ? (
          <>
            {format.dateTime(link.usedAt)}
            {link.usedOrganization ? (
              <Text size={200} className={styles.secondary}>
                <Link className={styles.link} to={`/organizations/${encodeURIComponent(link.usedOrganization.id)}`}>
                  {link.usedOrganization.name}
                </Link>
              </Text>
            ) : null}
          </>
        ) : (
          <span className={styles.nowrap}>{format.date(link.expiresAt)}</span>
        )}
      </TableCell>
      {actions ? (
        <TableCell>
          <LinkActions link={link} describedBy={nameId} notify={notify} onLeaveList={onLeaveList} />
        </TableCell>
      ) : null}
    </TableRow>
  );
}
