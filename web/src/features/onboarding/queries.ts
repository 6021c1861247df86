import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { ME_KEY } from '../auth/queries';
import type { Me } from '../auth/types';
import type { ActivateBody, ActivationInvitation } from './types';

const tokenPath = (token: string) => `/activation/${encodeURIComponent(token)}`;

/** The invitation behind an activation link (public: no session needed). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['activation', token],
    queryFn: ({ signal }) => api<ActivationInvitation>(tokenPath(token), { signal }),
    staleTime: Infinity,
  });
}

/** Creates the organisation and its first admin; the server answers with the new admin, already signed in. */
export function useActivate(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivateBody) => api<Me>(tokenPath(token), { method: 'POST', body }),
    onSuccess: async (me) => {
      // A new person is signed in: nothing cached for whoever used this browser before may survive.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, me);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}
