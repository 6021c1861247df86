import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { isHealth, type Health } from './types';

/** The columns the server sorts on (`customerCount` only on the Partners and Distributors lists). */
export const SORT_COLUMNS = [
  'name',
  'domain',
  'health',
  'openServiceRequests',
  'licences',
  'nextExpiry',
  'customerCount',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortOrder = 'asc' | 'desc';

/** The tabs of a customer's pane. */
export const PANES = ['details', 'health', 'requests'] as const;
export type Pane = (typeof PANES)[number];

/** What a list shows, as the server takes it: search, health filter, sort and order. */
export interface ListFilters {
  search: string;
  health: Health | undefined;
  sort: SortColumn;
  order: SortOrder;
}

/** The URL's view of a list page: filters plus the selected customer, its pane and open service request. */
export interface ListView extends ListFilters {
  selected: string | undefined;
  pane: Pane;
  request: string | undefined;
}

type Changes = { [K in keyof ListView]?: ListView[K] | null };

function isSortColumn(value: string | null, allowed: readonly SortColumn[]): value is SortColumn {
  return value !== null && (allowed as readonly string[]).includes(value);
}

/** Reads a list view from URL parameters; unknown or defaulted values fall back quietly. */
export function readView(params: URLSearchParams, sorts: readonly SortColumn[]): ListView {
  const sort = params.get('sort');
  const health = params.get('health');
  const pane = params.get('pane');
  return {
    search: params.get('search')?.trim() ?? '',
    health: isHealth(health) ? health : undefined,
    sort: isSortColumn(sort, sorts) ? sort : 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    selected: params.get('selected') ?? undefined,
    pane: (PANES as readonly string[]).includes(pane ?? '') ? (pane as Pane) : 'details',
    request: params.get('request') ?? undefined,
  };
}

/** Writes changes into URL parameters, leaving defaults out so that shared addresses stay short. */
export function writeView(current: URLSearchParams, changes: Changes): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes) as Array<[keyof ListView, string | null | undefined]>) {
    const isDefault =
      value === null ||
      value === undefined ||
      value === '' ||
      (key === 'sort' && value === 'name') ||
      (key === 'order' && value === 'asc') ||
      (key === 'pane' && value === 'details');
    if (isDefault) next.delete(key);
    else next.set(key, value);
  }
  // A pane and an open request only mean something for a selected customer.
  if (!next.has('selected')) {
    next.delete('pane');
    next.delete('request');
  }
  if (next.get('pane') !== 'requests') next.delete('request');
  return next;
}

/** The href of this page with the given changes: for links that select a customer or open one of its tabs. */
export function viewHref(current: URLSearchParams, changes: Changes): string {
  const text = writeView(current, changes).toString();
  return text ? `?${text}` : '?';
}

/**
 * The list view kept in the URL (`?search=…&health=…&sort=…&order=…&selected=…&pane=…&request=…`), so that a view
 * can be shared, survives a reload, and back/forward step through it.
 */
export function useListView(sorts: readonly SortColumn[]) {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params, sorts), [params, sorts]);
  const update = useCallback(
    (changes: Changes, options?: { replace?: boolean }) => {
      setParams((current) => writeView(current, changes), { replace: options?.replace ?? false });
    },
    [setParams],
  );
  const filters: ListFilters = useMemo(
    () => ({ search: view.search, health: view.health, sort: view.sort, order: view.order }),
    [view.search, view.health, view.sort, view.order],
  );
  return { view, filters, params, update };
}
