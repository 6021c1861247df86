import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import type { ListFilters } from './listParams';
import type { CustomerDetail, CustomerSummary, OrganizationFigures, Subscription } from './types';

/** Rows per page: the browser never holds more than what people asked to see. */
export const PAGE_SIZE = 50;

/** The three channel lists; each name is also the API path and the first part of its query keys. */
export type ListName = 'customers' | 'partners' | 'distributors';

type RowOf<L extends ListName> = L extends 'customers' ? CustomerSummary : OrganizationFigures;

function filterQuery(filters: ListFilters) {
  return { search: filters.search, health: filters.health, sort: filters.sort, order: filters.order };
}

/**
 * One of the channel lists, sorted and filtered by the server, paged by `links.next`. While a new sort or filter
 * loads, the previous rows stay on screen (`isPlaceholderData`) instead of a blank page.
 */
export function useChannelList<L extends ListName>(list: L, filters: ListFilters) {
  const query = useInfiniteQuery({
    queryKey: [list, 'list', filters],
    queryFn: ({ pageParam, signal }) => api<Collection<RowOf<L>>>(pageParam, { signal }),
    initialPageParam: withQuery(`/${list}`, { ...filterQuery(filters), size: PAGE_SIZE }),
    getNextPageParam: (last) => last.links.next,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}

/** The address of the CSV export of the customer list as it is filtered and sorted now (every row, streamed). */
export function customerExportHref(filters: ListFilters): string {
  return withQuery('/api/v1/customers/export', filterQuery(filters));
}

export const customerKey = (id: string) => ['customer', id] as const;

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: ({ signal }) => api<CustomerDetail>(`/customers/${encodeURIComponent(id)}`, { signal }),
  });
}

/** A customer's subscriptions, paged like every collection. */
export function useSubscriptions(customerId: string) {
  const query = useInfiniteQuery({
    queryKey: [...customerKey(customerId), 'subscriptions'],
    queryFn: ({ pageParam, signal }) => api<Collection<Subscription>>(pageParam, { signal }),
    initialPageParam: withQuery(`/customers/${encodeURIComponent(customerId)}/subscriptions`, { size: PAGE_SIZE }),
    getNextPageParam: (last) => last.links.next,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}
