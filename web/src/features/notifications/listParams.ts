import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  CATEGORIES,
  CATEGORIES_OF,
  isActionState,
  isCategory,
  isWorkspace,
  VIEWS,
  type ActionState,
  type Category,
  type View,
  type Workspace,
} from './types';

export type CenterSort = 'due' | 'date';

/**
 * What the Notification Center shows, all of it in the URL: the tab, its filters, the sort (actions only) and the
 * item open in the pane. `dueBy` is a calendar day (yyyy-mm-dd): actions due on that day or before.
 */
export interface CenterView {
  tab: View;
  workspace: Workspace | undefined;
  category: Category | undefined;
  state: ActionState | undefined;
  unread: boolean;
  dueBy: string;
  q: string;
  sort: CenterSort;
  item: string | undefined;
}

/** The categories a tab's filter offers: the archive holds both kinds. */
export function categoriesOfTab(tab: View): readonly Category[] {
  if (tab === 'actions') return CATEGORIES_OF.action;
  if (tab === 'notifications') return CATEGORIES_OF.notification;
  return CATEGORIES;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readCenterView(params: URLSearchParams): CenterView {
  const tab = VIEWS.find((view) => view === params.get('tab')) ?? 'actions';
  const workspace = params.get('workspace');
  const category = params.get('category');
  const state = params.get('state');
  const dueBy = params.get('dueBy') ?? '';
  const actions = tab === 'actions';
  return {
    tab,
    workspace: isWorkspace(workspace) ? workspace : undefined,
    category: isCategory(category) && categoriesOfTab(tab).includes(category) ? category : undefined,
    state: actions && isActionState(state) ? state : undefined,
    unread: tab === 'notifications' && params.get('unread') === 'true',
    dueBy: actions && DAY.test(dueBy) && !Number.isNaN(Date.parse(dueBy)) ? dueBy : '',
    q: params.get('q')?.trim() ?? '',
    sort: actions && params.get('sort') === 'date' ? 'date' : 'due',
    item: params.get('item') ?? undefined,
  };
}

export type CenterChanges = { [K in keyof CenterView]?: CenterView[K] | null };

const DEFAULTS: CenterView = {
  tab: 'actions',
  workspace: undefined,
  category: undefined,
  state: undefined,
  unread: false,
  dueBy: '',
  q: '',
  sort: 'due',
  item: undefined,
};

/** Writes changes into URL parameters, leaving defaults out; a new tab keeps only the workspace and the search. */
export function writeCenterView(current: URLSearchParams, changes: CenterChanges): URLSearchParams {
  const next = new URLSearchParams(current);
  if (changes.tab !== undefined && changes.tab !== readCenterView(current).tab) {
    for (const key of ['category', 'state', 'unread', 'dueBy', 'sort', 'item']) next.delete(key);
  }
  for (const [key, value] of Object.entries(changes) as Array<
    [keyof CenterView, string | boolean | null | undefined]
  >) {
    if (value === null || value === undefined || value === '' || value === false || value === DEFAULTS[key]) {
      next.delete(key);
    } else next.set(key, String(value));
  }
  return next;
}

/** The address of the Center showing one item (from the bell, or a row of the list). */
export function itemHref(item: { id: string; type: 'action' | 'notification'; archived: boolean }): string {
  const tab: View = item.archived ? 'archive' : item.type === 'action' ? 'actions' : 'notifications';
  const params = new URLSearchParams();
  if (tab !== 'actions') params.set('tab', tab);
  params.set('item', item.id);
  return `/notifications?${params.toString()}`;
}

/** Whether any filter of the tab is on (the empty state then offers to clear them). */
export function isFiltered(view: CenterView): boolean {
  return Boolean(view.workspace || view.category || view.state || view.unread || view.dueBy || view.q);
}

/** The Center's view kept in the URL (`?tab=notifications&workspace=security&q=…&item=…`). */
export function useCenterView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readCenterView(params), [params]);
  const update = useCallback(
    (changes: CenterChanges, options?: { replace?: boolean }) => {
      setParams((current) => writeCenterView(current, changes), options);
    },
    [setParams],
  );
  return { view, update };
}
