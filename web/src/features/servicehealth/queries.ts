import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { CustomerHealth } from './types';

/** The service health of one customer: open incidents and advisories, and the recently resolved ones. */
export function useCustomerHealth(customerId: string) {
  return useQuery({
    queryKey: ['servicehealth', customerId],
    queryFn: ({ signal }) =>
      api<CustomerHealth>(`/customers/${encodeURIComponent(customerId)}/servicehealth`, { signal }),
  });
}
