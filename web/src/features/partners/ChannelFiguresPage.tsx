import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../shared/format';
import { PageHeader } from '../../shared/ui/PageHeader';
import { ChannelList } from '../customers/ChannelList';
import { useListColumns } from '../customers/columns';
import { ListToolbar } from '../customers/ListToolbar';
import { SORT_COLUMNS, useListView } from '../customers/listParams';
import { useChannelList } from '../customers/queries';
import type { OrganizationFigures } from '../customers/types';

const organizationPath = (item: OrganizationFigures) => `/organizations/${encodeURIComponent(item.id)}`;

/**
 * The Partners or Distributors page: the organisations of that kind with the sums over the customers each sees
 * (customers, licences, next expiry, SKUs, worst health). A row opens the organisation's page.
 */
export function ChannelFiguresPage({
  list,
  actions,
  emptyIcon,
}: {
  list: 'partners' | 'distributors';
  actions?: React.ReactNode;
  emptyIcon: React.ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { filters, update } = useListView(SORT_COLUMNS);
  const rows = useChannelList(list, filters);
  const title = t(`nav.${list}`);
  const links = useMemo(() => ({ name: organizationPath }), []);
  const { columns, layout } = useListColumns<OrganizationFigures>(true, links);

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          rows.data
            ? t(`${list}.total`, { count: rows.totalCount, formatted: format.number(rows.totalCount) })
            : undefined
        }
        actions={actions}
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
        <ChannelList<OrganizationFigures>
          list={list}
          label={title}
          search={filters.search}
          filtered={Boolean(filters.search || filters.health)}
          isPending={rows.isPending}
          error={rows.error}
          items={rows.items}
          totalCount={rows.totalCount}
          hasNextPage={rows.hasNextPage}
          isFetchingNextPage={rows.isFetchingNextPage}
          onLoadMore={() => void rows.fetchNextPage()}
          onRetry={() => void rows.refetch()}
          onClearFilters={() => {
            update({ search: null, health: null });
          }}
          emptyIcon={emptyIcon}
          columns={columns}
          layout={layout}
          sort={filters.sort}
          order={filters.order}
          onSort={(sort, order) => {
            update({ sort, order });
          }}
          selectable={false}
          onActivate={(item) => void navigate(organizationPath(item))}
          busy={rows.isPlaceholderData}
        />
      </section>
    </>
  );
}
