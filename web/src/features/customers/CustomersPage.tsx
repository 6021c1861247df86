import { useCallback, useMemo } from 'react';
import { Button } from '@fluentui/react-components';
import { ArrowDownloadRegular, BuildingRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/format';
import { PageHeader } from '../../shared/ui/PageHeader';
import { ActivationActions } from '../activation/ActivationActions';
import { ChannelList } from './ChannelList';
import { useListColumns } from './columns';
import { CustomerPane } from './CustomerPane';
import { ListToolbar } from './ListToolbar';
import { SORT_COLUMNS, useListView, viewHref } from './listParams';
import { customerExportHref, useChannelList } from './queries';
import type { CustomerSummary } from './types';

const CUSTOMER_SORTS = SORT_COLUMNS.filter((column) => column !== 'customerCount');

/**
 * /customers — the customers the organisation manages, with health, open requests, licences, next expiry and SKUs;
 * selecting one opens its pane (details, service health, service requests). Everything about the view is in the URL.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { view, filters, params, update } = useListView(CUSTOMER_SORTS);
  const list = useChannelList('customers', filters);
  const title = t('nav.customers');

  const nameHref = useCallback(
    (item: CustomerSummary) => viewHref(params, { selected: item.id, pane: 'details', request: null }),
    [params],
  );
  const healthHref = useCallback(
    (item: CustomerSummary) => viewHref(params, { selected: item.id, pane: 'health', request: null }),
    [params],
  );
  const links = useMemo(() => ({ name: nameHref, health: healthHref }), [nameHref, healthHref]);
  const { columns, layout } = useListColumns<CustomerSummary>(false, links);
  const selectedRow = list.items.find((item) => item.id === view.selected);
  const filtered = Boolean(filters.search || filters.health);

  const closePane = () => {
    const id = view.selected;
    update({ selected: null });
    // Back to where people were in the list, when the row is on screen.
    if (id) {
      window.requestAnimationFrame(() => {
        document.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`)?.focus();
      });
    }
  };

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          list.data
            ? t('customers.total', { count: list.totalCount, formatted: format.number(list.totalCount) })
            : undefined
        }
        actions={
          <>
            <Button as="a" href={customerExportHref(filters)} download icon={<ArrowDownloadRegular />}>
              {t('customers.export')}
            </Button>
            <ActivationActions kind="customer" />
          </>
        }
      />
      <ListToolbar
        filters={filters}
        onSearch={(search) => {
          update({ search });
        }}
        onHealth={(health) => {
          update({ health });
        }}
      />
      <section aria-label={title}>
        <ChannelList<CustomerSummary>
          list="customers"
          label={title}
          search={filters.search}
          filtered={filtered}
          isPending={list.isPending}
          error={list.error}
          items={list.items}
          totalCount={list.totalCount}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          onRetry={() => void list.refetch()}
          onClearFilters={() => {
            update({ search: null, health: null });
          }}
          emptyIcon={<BuildingRegular />}
          columns={columns}
          layout={layout}
          sort={filters.sort}
          order={filters.order}
          onSort={(sort, order) => {
            update({ sort, order });
          }}
          selectable
          selectedId={view.selected}
          onActivate={(item) => {
            update({ selected: item.id, pane: 'details', request: null });
          }}
          busy={list.isPlaceholderData}
        />
      </section>
      {view.selected ? (
        <CustomerPane
          customerId={view.selected}
          fallbackName={selectedRow?.name}
          pane={view.pane}
          requestId={view.request}
          onPane={(pane) => {
            update({ pane, request: null });
          }}
          onOpenRequest={(request) => {
            update({ pane: 'requests', request: request ?? null });
          }}
          requestHref={(request) => viewHref(params, { pane: 'requests', request })}
          onClose={closePane}
        />
      ) : null}
    </>
  );
}
