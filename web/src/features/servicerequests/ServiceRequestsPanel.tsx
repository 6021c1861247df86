import {
  Field,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { useCurrentUser } from '../auth/session';
import { SeverityBadge, StatusBadge } from './labels';
import { NewServiceRequestDialog } from './NewServiceRequestDialog';
import { useServiceRequests } from './queries';
import { ServiceRequestView } from './ServiceRequestView';
import { STATUSES, type Status } from './types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  number: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  open: {
    fontWeight: tokens.fontWeightSemibold,
    // Keeps 4.5:1 on the hovered row's background in the dark theme, unlike the link colour.
    color: tokens.colorBrandForeground2,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForeground2Hover },
  },
  nowrap: { whiteSpace: 'nowrap' },
  numberColumn: { width: '5.5em' },
  badgeColumn: { width: '9em' },
  dateColumn: { width: '7.5em' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * The "Service requests" tab of a customer's pane: the customer's requests (newest first), one of them opened with
 * its notes, and — for people allowed to — a new request on the customer's behalf.
 */
export function ServiceRequestsPanel({
  customerId,
  customerName,
  openRequestId,
  requestHref,
  onOpenRequest,
}: {
  customerId: string;
  customerName: string;
  openRequestId: string | undefined;
  /** The address of this view with one request open. */
  requestHref: (id: string) => string;
  onOpenRequest: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const me = useCurrentUser();
  const canWrite = me.permissions.includes('servicerequests.write');
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const requests = useServiceRequests(customerId, status);

  if (openRequestId) {
    return (
      <ServiceRequestView
        id={openRequestId}
        customerId={customerId}
        canWrite={canWrite}
        onBack={() => {
          onOpenRequest(undefined);
        }}
      />
    );
  }

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Field label={t('serviceRequests.statusFilter')}>
          <Select
            value={status ?? ''}
            onChange={(_event, data) => {
              setStatus(STATUSES.find((value) => value === data.value));
            }}
          >
            <option value="">{t('serviceRequests.allStatuses')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`serviceRequests.status.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        {canWrite ? (
          <NewServiceRequestDialog customerId={customerId} customerName={customerName} onCreated={onOpenRequest} />
        ) : null}
      </div>
      {requests.isPending ? <LoadingState label={t('serviceRequests.loading')} /> : null}
      {requests.isError ? <ErrorState error={requests.error} onRetry={() => void requests.refetch()} /> : null}
      {requests.data && requests.items.length === 0 ? (
        <Text className={styles.muted}>
          {status ? t('serviceRequests.emptyStatus') : t('serviceRequests.empty', { name: customerName })}
        </Text>
      ) : null}
      {requests.items.length > 0 ? (
        <>
          <div>
            <Table size="small" aria-label={t('serviceRequests.tableLabel', { name: customerName })}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={styles.numberColumn}>
                    {t('serviceRequests.columns.number')}
                  </TableHeaderCell>
                  <TableHeaderCell>{t('serviceRequests.columns.title')}</TableHeaderCell>
                  <TableHeaderCell className={styles.badgeColumn}>
                    {t('serviceRequests.columns.severity')}
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.badgeColumn}>
                    {t('serviceRequests.columns.status')}
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.dateColumn}>
                    {t('serviceRequests.columns.createdAt')}
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {requests.items.map((request) => (
                  <TableRow key={request.id}>
                    <TableCell className={styles.number}>{request.number}</TableCell>
                    <TableCell>
                      <Link className={styles.open} to={requestHref(request.id)}>
                        {request.title}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <SeverityBadge severity={request.severity} />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={request.status} />
                    </TableCell>
                    <TableCell className={styles.nowrap}>{format.date(request.createdAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <LoadMore
            shown={requests.items.length}
            total={requests.totalCount}
            hasMore={requests.hasNextPage}
            loading={requests.isFetchingNextPage}
            onLoadMore={() => void requests.fetchNextPage()}
          />
        </>
      ) : null}
    </div>
  );
}
