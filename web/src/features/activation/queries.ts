import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery, type Collection } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';
import type { ActivationLink, ActivationStatus, Product, SendActivationLinkBody } from './types';

const LINKS_KEY = ['activationlinks'] as const;
const PAGE_SIZE = 50;
/** The catalogue is small; never follow more pages than this for the SKU picker. */
const MAX_PRODUCT_PAGES = 10;

/** The catalogue's products with their SKUs, for the SKU picker. */
export function useProducts(enabled: boolean) {
  return useQuery({
    queryKey: ['products'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const products: Product[] = [];
      let next: string | undefined = '/products';
      for (let page = 0; next && page < MAX_PRODUCT_PAGES; page += 1) {
        const answer: Collection<Product> = await api<Collection<Product>>(next, { signal });
        products.push(...answer.items);
        next = answer.links.next;
      }
      return products;
    },
  });
}

/** Activation links sent by the actor's organisation in one status, newest first. */
export function useActivationLinks(status: ActivationStatus) {
  return useCollection<ActivationLink>(
    [...LINKS_KEY, status],
    withQuery('/activationlinks', { status, size: PAGE_SIZE }),
  );
}

export function useSendActivationLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendActivationLinkBody) => api<ActivationLink>('/activationlinks', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LINKS_KEY }),
  });
}

/** Resend (new expiry, mail sent again) or revoke one link. */
export function useActivationLinkAction(action: 'resend' | 'revoke') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<ActivationLink>(`/activationlinks/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LINKS_KEY }),
  });
}
