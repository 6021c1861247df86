import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../shared/api';
import type { Language } from '../../shared/i18n';
import type { Me } from './types';

export const ME_KEY = ['me'] as const;

/** Who is signed in: `null` when nobody is (the API answered 401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await api<Me>('/me', { signal });
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api<Me>('/auth/sign-in', { method: 'POST', body: credentials }),
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, me);
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => api<undefined>('/auth/sign-out', { method: 'POST' }),
  });
}

/** Saves the UI language on the user's profile. */
export function useSaveLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (language: Language) => api<Me>('/me', { method: 'PATCH', body: { language } }),
    onSuccess: (me) => queryClient.setQueryData(ME_KEY, me),
  });
}
