import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';
import type { OrganizationKind } from '../auth/types';
import type { Organization, OrganizationSummary } from './types';

const PAGE_SIZE = 50;

/** Organisations of one kind the actor may see, optionally filtered by name or domain. */
export function useOrganizations(kind: OrganizationKind, search: string) {
  return useCollection<OrganizationSummary>(
    ['organizations', 'list', kind, search],
    withQuery('/organizations', { kind, search, size: PAGE_SIZE }),
  );
}

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organizations', 'detail', id],
    queryFn: ({ signal }) => api<Organization>(`/organizations/${encodeURIComponent(id)}`, { signal }),
  });
}
