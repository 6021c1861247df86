import { useEffect } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';

/** The lists whose figures (health, open requests, licences, expiry, SKUs, visibility) follow customer changes. */
const CHANNEL_LISTS: QueryKey[] = [['customers'], ['partners'], ['distributors'], ['customer']];

/** Which cached queries an action makes stale; every domain event also lands in the audit log. */
function staleKeys(action: string): QueryKey[] {
  const keys: QueryKey[] = [['auditlog']];
  const is = (prefix: string) => action === prefix || action.startsWith(`${prefix}.`);
  if (is('organization') || is('relationship')) keys.push(['organizations']);
  if (is('token')) keys.push(['tokens']);
  if (is('customer') || is('partner') || is('subscription') || is('relationship')) keys.push(...CHANNEL_LISTS);
  if (is('relationship')) keys.push(['relationships']);
  if (is('incident')) keys.push(...CHANNEL_LISTS, ['servicehealth']);
  if (is('servicerequest')) keys.push(...CHANNEL_LISTS, ['servicerequests']);
  if (is('customer') || is('partner') || is('activationlink')) keys.push(['activationlinks']);
  if (is('product') || is('sku')) keys.push(['products']);
  if (is('operator')) keys.push(['operators']);
  // Published, withdrawn, read, archived or done: the bell, the Center's tabs and the vendor's publications.
  if (is('notification') || is('action')) keys.push(['notifications']);
  // A change of roles or a removal may be about the person signed in: their permissions and pages follow, and so
  // does what they receive in the Notification Center (resolved by role at every read).
  if (action === 'operator.roles_changed' || action === 'operator.removed') keys.push(['me'], ['notifications']);
  return keys;
}

/**
 * Events come in bursts (an incident affecting thousands of customers sends one event each): the keys they make
 * stale are gathered and refreshed together once the burst pauses, at most this long after its first event.
 */
const QUIET_MS = 300;
const MAX_WAIT_MS = 2_000;

/** While `enabled` (signed in), listens to /api/v1/events/stream and refreshes the affected lists. */
export function useEventStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource('/api/v1/events/stream', { withCredentials: true });
    const pending = new Map<string, QueryKey>();
    let quietTimer: number | undefined;
    let firstAt: number | undefined;

    const flush = () => {
      window.clearTimeout(quietTimer);
      quietTimer = undefined;
      firstAt = undefined;
      const keys = [...pending.values()];
      pending.clear();
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };

    // The server sends every event as an unnamed message whose JSON carries its action.
    const onEvent = (event: MessageEvent<string>) => {
      for (const queryKey of staleKeys(actionOf(event.data))) pending.set(JSON.stringify(queryKey), queryKey);
      const now = Date.now();
      firstAt ??= now;
      window.clearTimeout(quietTimer);
      quietTimer = window.setTimeout(flush, Math.max(0, Math.min(QUIET_MS, firstAt + MAX_WAIT_MS - now)));
    };
    source.addEventListener('message', onEvent);
    return () => {
      window.clearTimeout(quietTimer);
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
