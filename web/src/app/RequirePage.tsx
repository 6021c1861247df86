import type { ReactNode } from 'react';
import { useCurrentUser } from '../features/auth/session';
import type { PageName } from '../features/auth/types';
import { NotFound } from '../shared/ui/NotFound';

/** Shows a page only when the server listed it in `me.pages`; otherwise it does not exist for this user. */
export function RequirePage({ page, children }: { page: PageName; children: ReactNode }) {
  const me = useCurrentUser();
  return me.pages.includes(page) ? children : <NotFound />;
}
