import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { ME_KEY } from '../auth/queries';
import type { Me } from '../auth/types';
import type { OperatorInvitation } from '../operators/types';
import type { SsoStart } from '../sso/types';

const tokenPath = (token: string) => `/invitations/${encodeURIComponent(token)}`;

/** The invitation behind a link (public: the link is the credential). */
export function useOperatorInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => api<OperatorInvitation>(tokenPath(token), { signal }),
    staleTime: Infinity,
  });
}

/** Accepts the invitation with a name and a password; the server answers with the operator, already signed in. */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { displayName: string; password: string }) =>
      api<Me>(tokenPath(token), { method: 'POST', body }),
    onSuccess: async (me) => {
      // A new person is signed in: nothing cached for whoever used this browser before may survive.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, me);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

/** Starts single sign-on for this invitation: the browser then goes to the identity provider's address. */
export function useStartSso(token: string) {
  return useMutation({
    mutationFn: () => api<SsoStart>('/auth/sso/start', { method: 'POST', body: { invitation: token } }),
    onSuccess: ({ redirectUrl }) => {
      window.location.assign(redirectUrl);
    },
  });
}
