import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import type { OperatorView } from './listParams';
import type { AddOperatorBody, Operator, RoleList, RoleName } from './types';

/** Every operator query starts with this key: one invalidation refreshes both tabs. */
export const OPERATORS_KEY = ['operators'] as const;
const PAGE_SIZE = 50;

/**
 * One tab of the Operators page, searched and sorted by the server, paged by `links.next` (as shared/useCollection,
 * plus `keepPreviousData`): while a new sort or search loads, the rows and their headers stay on screen, so that the
 * focus stays on the header people sorted with.
 */
export function useOperators(view: OperatorView) {
  const query = useInfiniteQuery({
    queryKey: [...OPERATORS_KEY, 'list', view],
    queryFn: ({ pageParam, signal }) => api<Collection<Operator>>(pageParam, { signal }),
    initialPageParam: withQuery('/operators', {
      status: view.tab,
      search: view.search,
      sort: view.sort,
      order: view.order,
      size: PAGE_SIZE,
    }),
    getNextPageParam: (last) => last.links.next,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}

/** The roles and the permissions each grants; fixed for a deployment. */
export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => api<RoleList>('/roles', { signal }),
    select: (answer) => answer.items,
    staleTime: Infinity,
  });
}

function useOperatorMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // Not awaited: the caller's own onSuccess (close the dialog, say what happened, move the focus) runs at once,
    // before the refreshed list takes a removed row, and the dialog it was opened from, away.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: OPERATORS_KEY });
    },
  });
}

const operatorPath = (id: string) => `/operators/${encodeURIComponent(id)}`;

/** Adds an operator; the server mails the invitation. */
export function useAddOperator() {
  return useOperatorMutation((body: AddOperatorBody) => api<Operator>('/operators', { method: 'POST', body }));
}

export function useChangeRoles() {
  return useOperatorMutation(({ id, roles }: { id: string; roles: RoleName[] }) =>
    api<Operator>(operatorPath(id), { method: 'PATCH', body: { roles } }),
  );
}

/** Removes an active operator's access, or withdraws a pending invitation. */
export function useRemoveOperator() {
  return useOperatorMutation((id: string) => api<undefined>(operatorPath(id), { method: 'DELETE' }));
}

/** Sends a pending invitation again, with a new link valid 7 more days. */
export function useResendInvitation() {
  return useOperatorMutation((id: string) => api<Operator>(`${operatorPath(id)}/resend`, { method: 'POST' }));
}
