import {
  Badge,
  makeStyles,
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
import { useFormat } from '../../shared/format';
import { DueDate } from '../../shared/ui/DueDate';
import { LoadMore } from '../../shared/ui/LoadMore';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { codeLabel } from '../organizations/labels';
import { useSubscriptions } from './queries';
import type { Subscription } from './types';

const useStyles = makeStyles({
  secondary: { display: 'block', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  sku: { fontWeight: tokens.fontWeightSemibold },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, marginTop: tokens.spacingVerticalXXS },
  empty: { color: tokens.colorNeutralForeground2 },
  numberColumn: { width: '6em' },
  statusColumn: { width: '7.5em' },
  dateColumn: { width: '9.5em' },
  renewColumn: { width: '6.5em' },
});

const STATUS_COLOR = {
  active: 'success',
  suspended: 'warning',
  expired: 'subtle',
  cancelled: 'subtle',
} as const satisfies Record<Subscription['status'], 'success' | 'warning' | 'subtle'>;

/** A customer's subscriptions: SKU and product, commerce type, licences, status, commitment end, auto-renewal. */
export function SubscriptionsTable({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const subscriptions = useSubscriptions(customerId);

  if (subscriptions.isPending) return <LoadingState label={t('subscriptions.loading')} />;
  if (subscriptions.isError) {
    return <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />;
  }
  if (subscriptions.items.length === 0) return <Text className={styles.empty}>{t('subscriptions.empty')}</Text>;

  return (
    <>
      <div>
        <Table size="small" aria-label={t('subscriptions.tableLabel', { name: customerName })}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('subscriptions.columns.sku')}</TableHeaderCell>
              <TableHeaderCell className={styles.numberColumn}>{t('subscriptions.columns.licences')}</TableHeaderCell>
              <TableHeaderCell className={styles.statusColumn}>{t('subscriptions.columns.status')}</TableHeaderCell>
              <TableHeaderCell className={styles.dateColumn}>
                {t('subscriptions.columns.commitmentEnd')}
              </TableHeaderCell>
              <TableHeaderCell className={styles.renewColumn}>{t('subscriptions.columns.autoRenew')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {subscriptions.items.map((subscription) => (
              <TableRow key={subscription.id}>
                <TableCell>
                  <span className={styles.sku}>{subscription.sku.name}</span>
                  <span className={styles.secondary}>{subscription.product.name}</span>
                  <span className={styles.badges}>
                    <Badge appearance="outline" color="informative" size="small">
                      {t(`subscriptions.commerceType.${subscription.sku.commerceType}`)}
                    </Badge>
                    {subscription.expiringSoon && subscription.status === 'active' ? (
                      <Badge appearance="tint" color="warning" size="small">
                        {t('subscriptions.expiringSoon')}
                      </Badge>
                    ) : null}
                  </span>
                </TableCell>
                <TableCell>{format.number(subscription.quantity)}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATUS_COLOR[subscription.status]}>
                    {codeLabel(t, 'subscriptions.status', subscription.status)}
                  </Badge>
                </TableCell>
                <TableCell>
                  <DueDate
                    iso={subscription.commitmentEndsAt}
                    soon={subscription.expiringSoon && subscription.status === 'active'}
                  />
                  <span className={styles.secondary}>
                    {t('subscriptions.term', { count: subscription.termMonths })}
                  </span>
                </TableCell>
                <TableCell>{subscription.autoRenew ? t('common.yes') : t('common.no')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {subscriptions.hasNextPage ? (
        <LoadMore
          shown={subscriptions.items.length}
          total={subscriptions.totalCount}
          hasMore={subscriptions.hasNextPage}
          loading={subscriptions.isFetchingNextPage}
          onLoadMore={() => void subscriptions.fetchNextPage()}
        />
      ) : null}
    </>
  );
}
