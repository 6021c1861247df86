import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { listOrganizations } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { adatumCustomer, persona } from '../support/demo.ts';
import { expectPageSettled, mainNavigation } from '../support/pages.ts';

test.describe('accessibility (axe, WCAG 2.2 AA)', () => {
  test('the sign-in page', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expectNoAxeViolations(page, 'the sign-in page');
  });

  test.describe('for the partner admin, light theme', () => {
    test.beforeEach(async ({ page }) => {
      await signIn(page, persona.partnerAdmin);
    });

    test('every page of the navigation', async ({ page }) => {
      await page.goto('/');
      const links = mainNavigation(page).getByRole('link');
      await expect(links.first()).toBeVisible();
      const targets: { name: string; href: string }[] = [];
      for (const link of await links.all()) {
        targets.push({ name: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' });
      }
      expect(targets.map((t) => t.name)).toEqual(
        expect.arrayContaining(['Customers', 'Operators', 'API tokens', 'Audit log']),
      );

      for (const { name, href } of targets) {
        await test.step(name, async () => {
          await mainNavigation(page).getByRole('link', { name, exact: true }).click();
          await expect(page).toHaveURL(new RegExp(`${href}$`));
          await expectPageSettled(page);
          await expectNoAxeViolations(page, `${name} (${href})`);
        });
      }
    });

    test('an organisation detail page', async ({ page }) => {
      const [customer] = await listOrganizations(page.request, { kind: 'customer', search: adatumCustomer.name });
      expect(customer?.name).toBe(adatumCustomer.name);
      await page.goto(`/organizations/${customer?.id ?? ''}`);
      await expectPageSettled(page, adatumCustomer.name);
      await expectNoAxeViolations(page, 'the organisation detail page');
    });

    test('the not-found pages', async ({ page }) => {
      await page.goto('/no-such-page');
      await expectPageSettled(page, 'Page not found');
      await expectNoAxeViolations(page, 'an unknown address');

      await page.goto(`/organizations/${randomUUID()}`);
      await expectPageSettled(page, 'Page not found');
      await expectNoAxeViolations(page, 'an unknown organisation');
    });
  });

  test('the customers page in dark theme', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto('/customers');
    await expectPageSettled(page, 'Customers');
    const dark = page.getByRole('button', { name: 'Dark theme' });
    await dark.click();
    await expect(dark).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('grid', { name: 'Customers' })).toBeVisible();
    await expectNoAxeViolations(page, 'the customers page in dark theme');
  });
});
