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

  test("the page's styles come in under its own nonce, which its policy allows, with no violation", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const res = await page.goto('/sign-in');
    const nonce = await page.locator('meta[name="csp-nonce"]').getAttribute('content');
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(res?.headers()['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
    const signInButton = page.getByRole('button', { name: 'Sign in', exact: true });
    await expect(signInButton).toBeVisible();
    // Fluent's primary button is filled only if its style elements were let in.
    await expect(signInButton).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
    const nonced = await page
      .locator('style')
      .evaluateAll(
        (styles: unknown[]) => styles.filter((style) => Boolean((style as { nonce?: string }).nonce)).length,
      );
    expect(nonced).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    const again = await page.request.get('/sign-in');
    expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
  });

  test('the published scripts carry no source map, and none is served', async ({ page }) => {
    const res = await page.goto('/sign-in');
    expect(res?.headers()['permissions-policy']).toContain('camera=()');
    const scripts = await page.locator('script[src], link[rel="modulepreload"]').evaluateAll((elements: unknown[]) =>
      elements.map((e) => {
        const element = e as { getAttribute: (name: string) => string | null };
        return element.getAttribute('src') ?? element.getAttribute('href') ?? '';
      }),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const script = await page.request.get(src);
      expect(script.status(), src).toBe(200);
      expect(await script.text(), src).not.toContain('sourceMappingURL');
      expect((await page.request.get(`${src}.map`)).headers()['content-type'] ?? '', src).not.toMatch(/json/);
    }
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
