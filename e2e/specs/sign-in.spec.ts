import { expect, test } from '@playwright/test';
import { signIn, signInThroughForm } from '../support/auth.ts';
import { persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

test.describe('sign-in', () => {
  test('a partner admin signs in with the form and lands on Customers', async ({ page }) => {
    await signInThroughForm(page, persona.partnerAdmin);

    await expect(page).toHaveURL(/\/customers$/);
    await expectPageSettled(page, 'Customers');
    await expect(page.getByRole('button', { name: 'Antoine Adatum' })).toBeVisible();
  });

  test('a wrong password shows an error and stays on the sign-in page', async ({ page }) => {
    await signInThroughForm(page, persona.partnerAdmin, 'not-the-password');

    await expect(page.getByText(/password is incorrect/i)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  });

  test('signing out from the user menu returns to sign-in and ends the session', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto('/customers');
    await expectPageSettled(page, 'Customers');

    await page.getByRole('button', { name: 'Antoine Adatum' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    // A plain /sign-in: no `?next=/customers`, or the next person to sign in on this browser would be sent to a page
    // that may not exist for them.
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await page.goto('/customers');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomers$/);
  });
});
