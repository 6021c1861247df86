import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { OperatorStatus } from './types';

/** The columns the server sorts operators on; the last sign-in only means something for active operators. */
export type OperatorSort = 'name' | 'email' | 'lastSignIn';
export type SortOrder = 'asc' | 'desc';

export const SORTS: Record<OperatorStatus, readonly OperatorSort[]> = {
  active: ['name', 'email', 'lastSignIn'],
  pending: ['name', 'email'],
};

/** What the Operators page shows: the tab (status), the search and the sort. */
export interface OperatorView {
  tab: OperatorStatus;
  search: string;
  sort: OperatorSort;
  order: SortOrder;
}

type Changes = { [K in keyof OperatorView]?: OperatorView[K] | null };

const DEFAULTS: OperatorView = { tab: 'active', search: '', sort: 'name', order: 'asc' };

/** Reads the view from URL parameters; unknown values, and a sort the tab does not offer, fall back quietly. */
export function readView(params: URLSearchParams): OperatorView {
  const tab: OperatorStatus = params.get('tab') === 'pending' ? 'pending' : 'active';
  const sort = params.get('sort');
  const known = SORTS[tab].find((column) => column === sort);
  return {
    tab,
    search: params.get('search')?.trim() ?? '',
    sort: known ?? DEFAULTS.sort,
    order: known && params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/** Writes changes into URL parameters, leaving defaults out so that shared addresses stay short. */
export function writeView(current: URLSearchParams, changes: Changes): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes) as Array<[keyof OperatorView, string | null | undefined]>) {
    if (value === null || value === undefined || value === DEFAULTS[key]) next.delete(key);
    else next.set(key, value);
  }
  // A sort the new tab does not offer (the last sign-in of pending operators) is dropped with its order.
  const view = readView(next);
  if (view.sort === DEFAULTS.sort) next.delete('sort');
  if (view.order === DEFAULTS.order) next.delete('order');
  return next;
}

/** The Operators page's view kept in the URL (`?tab=pending&search=…&sort=email&order=desc`). */
export function useOperatorView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const update = useCallback(
    (changes: Changes) => {
      setParams((current) => writeView(current, changes));
    },
    [setParams],
  );
  return { view, update };
}
