import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import type { OrganizationSummary } from '../organizations/types';
import type { CenterView } from './listParams';
import type {
  BulkResult,
  BulkUpdate,
  ItemChange,
  NotificationCounts,
  NotificationItem,
  Publication,
  PublicationInput,
  Reach,
  ReachPreviewBody,
} from './types';

/**
 * Every query of the Notification Center starts with this key — the bell's counts and lists, the Center's tabs, one
 * item, the vendor's publications — so that one invalidation (a live event, a change made here) refreshes them all.
 */
export const NOTIFICATIONS_KEY = ['notifications'] as const;
const PAGE_SIZE = 50;
/** How many items of each kind the bell's panel shows; the counts say how many there are in all. */
export const BELL_SIZE = 5;

const itemPath = (id: string) => `/notifications/${encodeURIComponent(id)}`;

/** The bell's exact figures: pending critical actions and unread notifications. */
export function useNotificationCounts(enabled = true) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'counts'],
    queryFn: ({ signal }) => api<NotificationCounts>('/notifications/counts', { signal }),
    enabled,
  });
}

function firstItems(path: string, signal: AbortSignal) {
  return api<Collection<NotificationItem>>(path, { signal });
}

/**
 * The bell's panel: the pending critical actions (open mandatory ones and every overdue one, soonest due first),
 * then the newest unread notifications. Two queries make the pending actions exact whatever the first page holds.
 */
export function useBellItems(enabled: boolean) {
  const overdue = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'bell', 'overdue'],
    queryFn: ({ signal }) =>
      firstItems(
        withQuery('/notifications', { view: 'actions', state: 'overdue', sort: 'due', size: BELL_SIZE }),
        signal,
      ),
    enabled,
  });
  const mandatory = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'bell', 'mandatory'],
    queryFn: ({ signal }) =>
      firstItems(
        withQuery('/notifications', {
          view: 'actions',
          category: 'mandatory',
          state: 'open',
          sort: 'due',
          size: BELL_SIZE,
        }),
        signal,
      ),
    enabled,
  });
  const unread = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'bell', 'unread'],
    queryFn: ({ signal }) =>
      firstItems(withQuery('/notifications', { view: 'notifications', unread: 'true', size: BELL_SIZE }), signal),
    enabled,
  });
  const actions = [...(overdue.data?.items ?? []), ...(mandatory.data?.items ?? [])]
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))
    .slice(0, BELL_SIZE);
  const queries = [overdue, mandatory, unread];
  return {
    actions,
    notifications: unread.data?.items ?? [],
    isPending: queries.some((query) => query.isPending),
    error: queries.find((query) => query.isError)?.error,
    refetch: () => {
      for (const query of queries) void query.refetch();
    },
  };
}

/** The first day after `day` (yyyy-mm-dd) at midnight, local time: "due by that day" is "due before the next". */
export function dueBeforeOf(day: string): string | undefined {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  return new Date(year, month - 1, date + 1).toISOString();
}

/** One tab of the Center with its filters, paged by `links.next`; the rows stay while a new filter loads. */
export function useNotificationList(view: CenterView) {
  const actions = view.tab === 'actions';
  const query = useInfiniteQuery({
    queryKey: [
      ...NOTIFICATIONS_KEY,
      'list',
      { ...view, item: undefined } satisfies Omit<CenterView, 'item'> & { item: undefined },
    ],
    queryFn: ({ pageParam, signal }) => api<Collection<NotificationItem>>(pageParam, { signal }),
    initialPageParam: withQuery('/notifications', {
      view: view.tab,
      workspace: view.workspace,
      category: view.category,
      state: view.state,
      unread: view.unread ? 'true' : undefined,
      dueBefore: actions && view.dueBy ? dueBeforeOf(view.dueBy) : undefined,
      q: view.q,
      sort: actions ? view.sort : undefined,
      size: PAGE_SIZE,
    }),
    getNextPageParam: (last) => last.links.next,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}

/** One item, shown at once from the row of a list already loaded (the bell's or a tab's) while it loads. */
export function useNotificationItem(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery<NotificationItem>({
    queryKey: [...NOTIFICATIONS_KEY, 'item', id],
    queryFn: ({ signal }) => api<NotificationItem>(itemPath(id ?? ''), { signal }),
    enabled: id !== undefined,
    placeholderData: () => (id ? cachedRow(queryClient, id) : undefined),
  });
}

type CachedList = Collection<NotificationItem> | { pages: Array<Collection<NotificationItem>> } | undefined;

function cachedRow(queryClient: QueryClient, id: string): NotificationItem | undefined {
  for (const [, data] of queryClient.getQueriesData<CachedList>({ queryKey: NOTIFICATIONS_KEY })) {
    if (!data || typeof data !== 'object') continue;
    const pages = 'pages' in data ? data.pages : 'items' in data ? [data] : [];
    for (const page of pages) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** After a change: the item as the server answered, then every list and count again (not awaited). */
function refresh(queryClient: QueryClient, item?: NotificationItem) {
  if (item) queryClient.setQueryData([...NOTIFICATIONS_KEY, 'item', item.id], item);
  void queryClient.invalidateQueries({
    queryKey: NOTIFICATIONS_KEY,
    // The item just answered is fresh; the vendor's publications do not follow a recipient's reading.
    predicate: (query) => !(item && query.queryKey[1] === 'item' && query.queryKey[2] === item.id),
  });
}

/** Marks one item read or unread, archives or restores it (a mandatory action cannot be archived: 409). */
export function useUpdateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: ItemChange }) =>
      api<NotificationItem>(itemPath(id), { method: 'PATCH', body: change }),
    onSuccess: (item) => {
      refresh(queryClient, item);
    },
  });
}

/** Marks an action done for the whole organisation ("Mark as done"). */
export function useCompleteAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<NotificationItem>(`/actions/${encodeURIComponent(id)}/complete`, { method: 'POST' }),
    onSuccess: (item) => {
      refresh(queryClient, item);
    },
  });
}

/** Several items at once: all of them change, or none. */
export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkUpdate) => api<BulkResult>('/notifications/bulk', { method: 'POST', body }),
    onSuccess: () => {
      refresh(queryClient);
    },
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<BulkResult>('/notifications/read-all', { method: 'POST' }),
    onSuccess: () => {
      refresh(queryClient);
    },
  });
}

// ——— The vendor's publications ———

const PUBLICATIONS_KEY = [...NOTIFICATIONS_KEY, 'publications'] as const;

/**
 * The vendor's publications, newest first. Reads and completions happen in the recipients' organisations, whose
 * events the vendor does not hear: the figures are asked again every minute while the page is open.
 */
export function usePublications() {
  const query = useInfiniteQuery({
    queryKey: PUBLICATIONS_KEY,
    refetchInterval: 60_000,
    queryFn: ({ pageParam, signal }) => api<Collection<Publication>>(pageParam, { signal }),
    initialPageParam: withQuery('/notifications/publications', { size: PAGE_SIZE }),
    getNextPageParam: (last) => last.links.next,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}

export function usePublish() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicationInput) => api<Publication>('/notifications/publications', { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
  });
}

export function useWithdraw() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Publication>(`/notifications/publications/${encodeURIComponent(id)}/withdraw`, { method: 'POST' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
  });
}

/** How many organisations and users an audience would reach now; `body` undefined while the form cannot tell. */
export function useReachPreview(body: ReachPreviewBody | undefined) {
  return useQuery({
    queryKey: ['notificationReach', body],
    queryFn: ({ signal }) => api<Reach>('/notifications/publications/preview', { method: 'POST', body, signal }),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** The distributors a publication may target the channel of (the vendor sees every one). */
export function useDistributors(enabled: boolean) {
  return useQuery({
    queryKey: ['organizations', 'list', 'distributor', 'publications'],
    queryFn: ({ signal }) =>
      api<Collection<OrganizationSummary>>(withQuery('/organizations', { kind: 'distributor', size: 200 }), {
        signal,
      }),
    enabled,
    staleTime: 5 * 60_000,
  });
}
