import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';
import type { Relationship, RelationshipFilter, RelationshipRequestReceipt, RequestRelationshipBody } from './types';

const KEY = ['relationships'] as const;

/** Visibility follows relationships: lists of customers and organisation pages change with them. */
const refresh = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: KEY }),
    queryClient.invalidateQueries({ queryKey: ['organizations'] }),
  ]);

/** The caller's delegated-admin relationships (as provider or as customer), optionally of one status. */
export function useRelationships(filter: RelationshipFilter) {
  return useCollection<Relationship>(
    [...KEY, 'list', filter],
    withQuery('/relationships', { status: filter === 'all' ? undefined : filter, size: 50 }),
  );
}

/** How many requests wait for an answer (only the count is read). */
export function usePendingRelationshipCount() {
  return useQuery({
    queryKey: [...KEY, 'pendingCount'],
    queryFn: ({ signal }) => api<Collection<Relationship>>('/relationships?status=pending&size=1', { signal }),
    select: (collection) => collection.totalCount,
  });
}

export function useRequestRelationship() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestRelationshipBody) =>
      api<RelationshipRequestReceipt>('/relationships', { method: 'POST', body }),
    onSuccess: () => refresh(queryClient),
  });
}

export type RelationshipAction = 'approve' | 'decline' | 'terminate';

export function useRelationshipAction(action: RelationshipAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Relationship>(`/relationships/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
    onSuccess: () => refresh(queryClient),
  });
}
