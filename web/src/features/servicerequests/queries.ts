import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import { versionedRequest } from './request';
import type { NewServiceRequest, ServiceRequest, ServiceRequestChange, ServiceRequestDetail, Status } from './types';

const PAGE_SIZE = 50;

export const serviceRequestsKey = (customerId: string) => ['servicerequests', 'customer', customerId] as const;
export const serviceRequestKey = (id: string) => ['servicerequests', 'detail', id] as const;

/** A customer's service requests, newest first, optionally of one status. */
export function useServiceRequests(customerId: string, status: Status | undefined) {
  const query = useInfiniteQuery({
    queryKey: [...serviceRequestsKey(customerId), status ?? 'all'],
    queryFn: ({ pageParam, signal }) => api<Collection<ServiceRequest>>(pageParam, { signal }),
    initialPageParam: withQuery(`/customers/${encodeURIComponent(customerId)}/servicerequests`, {
      status,
      size: PAGE_SIZE,
    }),
    getNextPageParam: (last) => last.links.next,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? 0;
  return { ...query, items, totalCount };
}

/** One service request with its notes, and the ETag to send back with a change. */
export function useServiceRequest(id: string) {
  return useQuery({
    queryKey: serviceRequestKey(id),
    queryFn: ({ signal }) =>
      versionedRequest<ServiceRequestDetail>(`/servicerequests/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Opens a request on the customer's behalf; the key makes a repeated click create it once. */
export function useCreateServiceRequest(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewServiceRequest; idempotencyKey: string }) =>
      versionedRequest<ServiceRequest>(`/customers/${encodeURIComponent(customerId)}/servicerequests`, {
        method: 'POST',
        body,
        idempotencyKey,
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: serviceRequestsKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
        queryClient.invalidateQueries({ queryKey: ['customer', customerId] }),
      ]),
  });
}

/** Adds a note or changes the status, only if nobody changed the request since it was read (If-Match). */
export function useUpdateServiceRequest(id: string, customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change, etag }: { change: ServiceRequestChange; etag: string | null }) =>
      versionedRequest<ServiceRequestDetail>(`/servicerequests/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: change,
        ifMatch: etag,
      }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(serviceRequestKey(id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: serviceRequestsKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
        queryClient.invalidateQueries({ queryKey: ['customer', customerId] }),
      ]);
    },
  });
}
