import { expect, test } from '@playwright/test';
import { getMe } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { ORIGIN, persona } from '../support/demo.ts';
import { mainNavigation } from '../support/pages.ts';

// The language is saved on the profile: put it back even when the test fails half-way, for the other journeys.
test.afterEach(async ({ page }) => {
  const response = await page.request.patch('/api/v1/me', { data: { language: 'en' }, headers: { origin: ORIGIN } });
  expect(response.status()).toBe(200);
});

test('the partner reader switches to French, which is remembered, then back to English', async ({ page }) => {
  await signIn(page, persona.partnerReader);
  await page.goto('/customers');
  const navigation = mainNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Customers', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Language' }).click();
  await page.getByRole('menuitemradio', { name: 'Français' }).click();

  const navigationFr = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(navigationFr.getByRole('link', { name: 'Clients', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect.poll(async () => (await getMe(page.request)).user.language).toBe('fr');

  await page.reload();
  await expect(navigationFr.getByRole('link', { name: 'Clients', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();

  await page.getByRole('button', { name: 'Langue' }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();

  await expect(navigation.getByRole('link', { name: 'Customers', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect.poll(async () => (await getMe(page.request)).user.language).toBe('en');
});
