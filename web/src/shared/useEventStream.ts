import { useEffect } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';

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
    // The server sends every event as an unnamed message whose JSON carries its action.
    const onEvent = (event: MessageEvent<string>) => {
      for (const queryKey of staleKeys(actionOf(event.data))) void queryClient.invalidateQueries({ queryKey });
    };
    source.addEventListener('message', onEvent);
    return () => {
      source.close();
    };
  }, [enabled, queryClient]);
}

/** The action carried in a message's DomainEvent payload, or '' when it has none. */
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
