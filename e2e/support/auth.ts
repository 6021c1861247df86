import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Me } from './api.ts';
import { DEMO_PASSWORD, ORIGIN } from './demo.ts';

/**
 * Signs in through the API. With `page.request` the session cookie lands in the page's browser context, so the next
 * `page.goto` is signed in; with a standalone request context only that context is.
 */
export async function signInWith(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<Me> {
  const response = await request.post('/api/v1/auth/sign-in', {
    data: { email, password },
    headers: { origin: ORIGIN },
  });
  expect(response.status(), `sign-in of ${email}: ${await response.text()}`).toBe(200);
  return (await response.json()) as Me;
}

/** Signs the page's browser context in as `email` (demo password), without going through the form. */
export async function signIn(page: Page, email: string): Promise<Me> {
  return signInWith(page.request, email);
}

/** Signs in the way a person does: the sign-in page's form. Leaves the page wherever the app sends it. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
