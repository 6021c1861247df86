import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestBody, ResponseBody, Schema } from '../../api/types';
import { api, type Collection } from '../../shared/api';

/** An API token as listed; the secret itself is only in the creation answer. */
export type ApiToken = Schema<'ApiToken'>;
export type NewToken = RequestBody<'/api/v1/me/tokens', 'post'>;
export type CreatedToken = ResponseBody<'/api/v1/me/tokens', 'post'>;

const TOKENS_KEY = ['tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => api<Collection<ApiToken>>('/me/tokens', { signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewToken) => api<CreatedToken>('/me/tokens', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`/me/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
