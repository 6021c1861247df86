import { BuildingRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { SearchForm } from '../../shared/ui/SearchForm';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { useOrganizations } from './queries';
import { OrganizationsTable } from './OrganizationsTable';
import { LIST_PAGES, type ListPageName } from './types';

/** Customers, Partners or Distributors: a searchable, paged list of the organisations of that kind. */
export function OrganizationListPage({ page }: { page: ListPageName }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { kind, titleKey } = LIST_PAGES[page];
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const list = useOrganizations(kind, search);
  const title = t(titleKey);

  const onSearch = (term: string) => {
    setParams(term ? { search: term } : {});
  };

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          list.data
            ? t('organizations.total', { count: list.totalCount, formatted: format.number(list.totalCount) })
            : undefined
        }
      />
      <SearchForm key={search} label={t('organizations.searchLabel')} value={search} onSearch={onSearch} />
      <section aria-label={title}>
        {list.isPending ? <LoadingState /> : null}
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data && list.items.length === 0 ? (
          <EmptyState
            icon={<BuildingRegular />}
            title={search ? t('organizations.emptySearch', { search }) : t('organizations.empty')}
          />
        ) : null}
        {list.items.length > 0 ? (
          <>
            <OrganizationsTable label={title} items={list.items} />
            <LoadMore
              shown={list.items.length}
              total={list.totalCount}
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </>
        ) : null}
      </section>
    </>
  );
}
