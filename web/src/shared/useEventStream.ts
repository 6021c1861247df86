import { useEffect } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * Actions the server sends as named SSE events (`event: <action>`). EventSource cannot listen to every name at once,
 * so the ones the web app cares about are listed here; unnamed `message` events are handled too.
 */
const KNOWN_ACTIONS = [
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'relationship.created',
  'relationship.updated',
  'relationship.terminated',
  'token.created',
  'token.revoked',
  'auth.signed_in',
  'auth.signed_out',
  'user.updated',
] as const;

/** Which cached queries an action makes stale; every domain event also lands in the audit log. */
function staleKeys(action: string): QueryKey[] {
  const keys: QueryKey[] = [['auditlog']];
  if (action.startsWith('organization') || action.startsWith('relationship')) keys.push(['organizations']);
  if (action.startsWith('token')) keys.push(['tokens']);
  return keys;
}

/** While `enabled` (signed in), listens to /api/v1/events/stream and refreshes the affected lists. */
export function useEventStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource('/api/v1/events/stream', { withCredentials: true });
    const onEvent = (event: MessageEvent<string>) => {
      const action = event.type === 'message' ? actionOf(event.data) : event.type;
      for (const queryKey of staleKeys(action)) void queryClient.invalidateQueries({ queryKey });
    };
    source.addEventListener('message', onEvent);
    for (const action of KNOWN_ACTIONS) source.addEventListener(action, onEvent);
    return () => {
      source.close();
    };
  }, [enabled, queryClient]);
}

/** The action carried in an unnamed message's DomainEvent payload, or '' when it has none. */
function actionOf(data: string): string {
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed && typeof parsed === 'object' && 'action' in parsed && typeof parsed.action === 'string') {
      return parsed.action;
    }
  } catch {
    // A keep-alive or non-JSON message: nothing to refresh beyond the audit log.
  }
  return '';
}
