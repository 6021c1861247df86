import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { SsoSettings, SsoSettingsInput, SsoStart } from './types';

const SSO_KEY = ['organization', 'sso'] as const;

/** The organisation's single sign-on, or null when it has none. */
export function useSsoSettings() {
  return useQuery({
    queryKey: SSO_KEY,
    queryFn: ({ signal }) => api<SsoSettings | null>('/organization/sso', { signal }),
  });
}

export function useSaveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SsoSettingsInput) => api<SsoSettings>('/organization/sso', { method: 'PUT', body: input }),
    onSuccess: (settings) => {
      queryClient.setQueryData(SSO_KEY, settings);
    },
  });
}

export function useRemoveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<undefined>('/organization/sso', { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.setQueryData(SSO_KEY, null);
    },
  });
}

/** Starts single sign-on for an address; the browser then leaves for the identity provider. */
export function useStartSsoForEmail() {
  return useMutation({
    mutationFn: (email: string) => api<SsoStart>('/auth/sso/start', { method: 'POST', body: { email } }),
    onSuccess: ({ redirectUrl }) => {
      window.location.assign(redirectUrl);
    },
  });
}
