import { expect, type Locator, type Page } from '@playwright/test';

/** The labels of the navigation links (English), by page name of `me.pages`. */
export const navLabels: Record<string, string | undefined> = {
  customers: 'Customers',
  partners: 'Partners',
  distributors: 'Distributors',
  organization: 'My organisation',
  operators: 'Operators',
  notifications: 'Notifications',
  publications: 'Publications',
  rewards: 'Rewards',
  settings: 'Settings',
  sso: 'Single sign-on',
  tokens: 'API tokens',
  auditlog: 'Audit log',
};

export function mainNavigation(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

/** The page has its heading and nothing is still loading: ready to be looked at (or scanned). */
export async function expectPageSettled(page: Page, heading?: string | RegExp): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1, ...(heading === undefined ? {} : { name: heading }) });
  await expect(h1).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}
