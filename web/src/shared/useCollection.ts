import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api, type Collection } from './api';

/** Pages through a collection by following `links.next`, one page at a time, never everything at once. */
export function useCollection<T>(queryKey: QueryKey, firstPath: string) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => api<Collection<T>>(pageParam, { signal }),
    initialPageParam: firstPath,
    getNextPageParam: (last) => last.links.next,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}
