import { useRef } from 'react';
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
  type BadgeProps,
} from '@fluentui/react-components';
import { PeopleSwapRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { useCurrentUser } from '../auth/session';
import { ConfirmRelationshipAction } from './ConfirmRelationshipAction';
import { useRelationships, type RelationshipAction } from './queries';
import { RequestRelationshipDialog } from './RequestRelationshipDialog';
import { roleList } from './roles';
import { RELATIONSHIP_FILTERS, type Relationship, type RelationshipFilter, type RelationshipStatus } from './types';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM, flexWrap: 'wrap' },
  scroll: { overflowX: 'auto' },
  // Fluent's tables share the width equally; these columns differ a lot (names, roles, buttons).
  table: { tableLayout: 'auto' },
  secondary: { display: 'block', color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

const STATUS_COLOR: Record<RelationshipStatus, BadgeProps['color']> = {
  pending: 'informative',
  active: 'success',
  expiring: 'warning',
  expired: 'subtle',
  declined: 'subtle',
  terminated: 'subtle',
};

/** Whose page this is: the customer answers requests, a provider (partner, distributor) makes them. */
type Side = 'customer' | 'provider';

function isFilter(value: string | null): value is RelationshipFilter {
  return RELATIONSHIP_FILTERS.some((filter) => filter === value);
}

/** /relationships — delegated-admin relationships of the organisation, by status, with the actions its side may take. */
export function RelationshipsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter: RelationshipFilter = isFilter(raw) ? raw : 'all';
  const side: Side = me.organization.kind === 'customer' ? 'customer' : 'provider';
  const canWrite = me.permissions.includes('organizations.write');
  const canRequest = canWrite && (me.organization.kind === 'partner' || me.organization.kind === 'distributor');
  const baseId = useId('relationships');
  const toasterId = useId('relationships-toaster');
  const { dispatchToast } = useToastController(toasterId);
  const tabsRef = useRef<HTMLDivElement>(null);

  const notify = (message: string) => {
    dispatchToast(
      <Toast>
        <ToastTitle>{message}</ToastTitle>
      </Toast>,
      { intent: 'success' },
    );
    // The row may leave the list with the focused button: put focus back on the selected tab.
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body)
        tabsRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    });
  };

  return (
    <>
      <Toaster toasterId={toasterId} position="bottom-end" />
      <PageHeader
        title={t('relationships.title')}
        subtitle={t(`relationships.intro.${side}`)}
        actions={
          canRequest ? (
            <RequestRelationshipDialog
              onRequested={(receipt) => {
                notify(t('relationships.requested', { domain: receipt.customerDomain }));
              }}
            />
          ) : null
        }
      />
      <TabList
        ref={tabsRef}
        className={styles.tabs}
        selectedValue={filter}
        aria-label={t('relationships.statusFilter')}
        onTabSelect={(_event, data) => {
          const next = data.value as RelationshipFilter;
          setParams(next === 'all' ? {} : { status: next }, { replace: true });
        }}
      >
        {RELATIONSHIP_FILTERS.map((value) => (
          <Tab key={value} id={`${baseId}-tab-${value}`} value={value} aria-controls={`${baseId}-panel`}>
            {t(`relationships.filters.${value}`)}
          </Tab>
        ))}
      </TabList>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${filter}`}>
        <RelationshipList key={filter} filter={filter} side={side} canWrite={canWrite} notify={notify} />
      </div>
    </>
  );
}

interface RelationshipListProps {
  filter: RelationshipFilter;
  side: Side;
  canWrite: boolean;
  notify: (message: string) => void;
}

function RelationshipList({ filter, side, canWrite, notify }: RelationshipListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useRelationships(filter);

  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return <EmptyState icon={<PeopleSwapRegular />} title={t(`relationships.empty.${filter}`)} />;

  return (
    <>
      <div className={styles.scroll}>
        <Table aria-label={t('relationships.tableLabel')} className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>
                {side === 'customer' ? t('relationships.columns.provider') : t('relationships.columns.customer')}
              </TableHeaderCell>
              <TableHeaderCell>{t('relationships.columns.roles')}</TableHeaderCell>
              <TableHeaderCell>{t('relationships.columns.duration')}</TableHeaderCell>
              <TableHeaderCell>{t('relationships.columns.status')}</TableHeaderCell>
              <TableHeaderCell>{t('relationships.columns.requested')}</TableHeaderCell>
              <TableHeaderCell>{t('relationships.columns.period')}</TableHeaderCell>
              {canWrite ? <TableHeaderCell>{t('relationships.columns.actions')}</TableHeaderCell> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((relationship) => (
              <RelationshipRow
                key={relationship.id}
                relationship={relationship}
                side={side}
                canWrite={canWrite}
                notify={notify}
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

/** What this side may do with a relationship in this status (a provider withdraws its own request by terminating it). */
function actionsFor(side: Side, status: RelationshipStatus): RelationshipAction[] {
  if (status === 'pending') return side === 'customer' ? ['approve', 'decline'] : ['terminate'];
  if (status === 'active' || status === 'expiring') return ['terminate'];
  return [];
}

interface RelationshipRowProps {
  relationship: Relationship;
  side: Side;
  canWrite: boolean;
  notify: (message: string) => void;
}

function RelationshipRow({ relationship, side, canWrite, notify }: RelationshipRowProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const nameId = useId('relationship-name');
  const counterpart = side === 'customer' ? relationship.provider.name : relationship.customer.name;
  const detail =
    side === 'customer'
      ? t(`kind.${relationship.provider.kind}`, { defaultValue: relationship.provider.kind })
      : relationship.customer.primaryDomain;
  const actions = actionsFor(side, relationship.status);
  return (
    <TableRow>
      <TableCell>
        <Text id={nameId} weight="semibold">
          {counterpart}
        </Text>
        <Text size={200} className={styles.secondary}>
          {detail}
        </Text>
      </TableCell>
      <TableCell>{roleList(t, relationship.roles)}</TableCell>
      <TableCell>
        {t('relationships.days', {
          count: relationship.durationDays,
          formatted: format.number(relationship.durationDays),
        })}
      </TableCell>
      <TableCell>
        <Badge appearance="tint" color={STATUS_COLOR[relationship.status]}>
          {t(`relationships.status.${relationship.status}`, { defaultValue: relationship.status })}
        </Badge>
      </TableCell>
      <TableCell>{format.date(relationship.createdAt)}</TableCell>
      <TableCell>
        {relationship.startsAt || relationship.endsAt
          ? t('relationships.period', {
              start: format.date(relationship.startsAt),
              end: format.date(relationship.endsAt),
            })
          : t('common.none')}
      </TableCell>
      {canWrite ? (
        <TableCell>
          <div className={styles.actions}>
            {actions.map((action) => (
              <ConfirmRelationshipAction
                key={action}
                relationship={relationship}
                action={action}
                counterpart={counterpart}
                describedBy={nameId}
                onDone={notify}
              />
            ))}
          </div>
        </TableCell>
      ) : null}
    </TableRow>
  );
}
