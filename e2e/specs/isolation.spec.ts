import { expect, test } from '@playwright/test';
import { listOrganizations } from '../support/api.ts';
import { signIn, signInWith } from '../support/auth.ts';
import { adatumCustomer, persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

test.describe('tenant isolation', () => {
  test("a partner cannot read another partner's customer, neither through the API nor in the app", async ({
    page,
    request,
  }) => {
    // `request` has its own cookies: Litware signs in there, Adatum in the page's context.
    await signInWith(request, persona.otherPartnerAdmin);
    const litwareCustomers = await listOrganizations(request, { kind: 'customer' });
    await signIn(page, persona.partnerAdmin);
    const adatumCustomerIds = new Set((await listOrganizations(page.request, { kind: 'customer' })).map((o) => o.id));
    const foreign = litwareCustomers.find((customer) => !adatumCustomerIds.has(customer.id));
    expect(foreign, 'a customer that Litware sees and Adatum does not').toBeDefined();
    if (!foreign) return;

    const response = await page.request.get(`/api/v1/organizations/${foreign.id}`);
    expect(response.status()).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('not_found');
    expect((await request.get(`/api/v1/organizations/${foreign.id}`)).status(), 'Litware still sees it').toBe(200);

    await page.goto(`/organizations/${foreign.id}`);
    await expectPageSettled(page, 'Page not found');
    await expect(page.getByText("This organisation doesn't exist or you don't have access to it.")).toBeVisible();
    await expect(page.getByText(foreign.name)).toHaveCount(0);
  });

  test('a partner opens one of its own customers from the Customers page', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto('/customers');
    await expectPageSettled(page, 'Customers');

    await page.getByRole('searchbox', { name: 'Search by name or domain' }).fill(adatumCustomer.name);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: adatumCustomer.name, exact: true }).click();
    // The name opens the customer's pane; the pane links to the full organisation page.
    await expect(page).toHaveURL(/[?&]selected=[0-9a-f-]+/);
    await page.getByRole('link', { name: 'Open the organisation page' }).click();

    await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]+$/);
    await expectPageSettled(page, adatumCustomer.name);
    await expect(page.getByText(adatumCustomer.primaryDomain).first()).toBeVisible();
    await expect(page.getByText('Delegated admin relationship')).toBeVisible();
  });
});
