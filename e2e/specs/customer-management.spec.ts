import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from '../support/auth.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { adatumCustomer, fourthCoffeeIncident, persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

/** The Customers grid (a Fluent DataGrid: role grid, named after the page). */
function customersGrid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Customers' });
}

/** The grid's data rows: those of its body, the second row group (the first holds the header row). */
function dataRows(grid: Locator): Locator {
  return grid.getByRole('rowgroup').nth(1).getByRole('row');
}

/** The grid shows the rows of the current search and sort, not those of the previous one kept while loading. */
async function expectGridSettled(grid: Locator): Promise<void> {
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute('aria-busy', 'false');
}

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search by name or domain' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('customer management', () => {
  test('a partner admin searches, sorts by health, reads a customer’s service health and opens a service request for it', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, persona.partnerAdmin);
    await page.goto('/customers');
    await expectPageSettled(page, 'Customers');
    const grid = customersGrid(page);
    await expectGridSettled(grid);
    // A writer: the Actions menu is there (the reader's test checks that it is not).
    await expect(page.getByRole('button', { name: 'Actions' })).toBeVisible();
    const allRows = await dataRows(grid).count();
    expect(allRows, 'Adatum has several customers').toBeGreaterThan(1);

    await test.step('search by part of the domain, kept in the URL', async () => {
      await search(page, 'fourthcof');
      await expect(page).toHaveURL(/[?&]search=fourthcof(&|$)/);
      await expectGridSettled(grid);
      await expect(dataRows(grid)).toHaveCount(1);
      await expect(grid.getByRole('link', { name: adatumCustomer.name, exact: true })).toBeVisible();
      await expect(dataRows(grid).first()).toContainText(adatumCustomer.primaryDomain);
    });

    await test.step('clear the search', async () => {
      await search(page, '');
      await expect(page).not.toHaveURL(/[?&]search=/);
      await expectGridSettled(grid);
      await expect(dataRows(grid)).toHaveCount(allRows);
    });

    await test.step('sort by service health: worst first, then best first', async () => {
      const header = grid.getByRole('columnheader', { name: 'Service health' });
      await expect(header).toHaveAttribute('aria-sort', 'none');
      await header.click();
      await expect(header).toHaveAttribute('aria-sort', 'descending');
      await expect(page).toHaveURL(/[?&]sort=health(&|$)/);
      await expect(page).toHaveURL(/[?&]order=desc(&|$)/);
      await expect(grid.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'none');
      await expectGridSettled(grid);
      // A customer with an incident or an advisory: its health is a link to its service health, not "Healthy".
      const first = dataRows(grid).first();
      await expect(first.getByRole('link', { name: /^Service health of / })).toBeVisible();
      await expect(first.getByRole('img', { name: 'Healthy' })).toHaveCount(0);

      await header.click();
      await expect(header).toHaveAttribute('aria-sort', 'ascending');
      await expect(page).not.toHaveURL(/[?&]order=desc/);
      await expectGridSettled(grid);
      await expect(dataRows(grid).first().getByRole('img', { name: 'Healthy' })).toBeVisible();

      await header.click();
      await expect(header).toHaveAttribute('aria-sort', 'descending');
      await expectGridSettled(grid);
    });

    const pane = page.getByRole('dialog', { name: adatumCustomer.name });
    await test.step('the health icon opens the customer’s service health, with its open incident', async () => {
      await grid.getByRole('link', { name: `Service health of ${adatumCustomer.name}`, exact: true }).click();
      await expect(pane).toBeVisible();
      await expect(page).toHaveURL(/[?&]selected=[0-9a-f-]{36}(&|$)/);
      await expect(page).toHaveURL(/[?&]pane=health(&|$)/);
      await expect(pane.getByRole('tab', { name: 'Service health' })).toHaveAttribute('aria-selected', 'true');
      await expect(pane.getByRole('img', { name: 'Incident' })).toBeVisible();
      const incident = pane.getByRole('article', { name: new RegExp(fourthCoffeeIncident.title) });
      await expect(incident).toBeVisible();
      await expect(incident).toContainText(fourthCoffeeIncident.reference);
      // The row of the selected customer is marked selected in the grid.
      await expect(grid.getByRole('row', { selected: true })).toContainText(adatumCustomer.name);
    });

    await test.step('the details pane passes axe', async () => {
      await pane.getByRole('tab', { name: 'Details' }).click();
      await expect(page).not.toHaveURL(/[?&]pane=/);
      await expect(pane.getByRole('tab', { name: 'Details' })).toHaveAttribute('aria-selected', 'true');
      await expect(pane.getByText(adatumCustomer.primaryDomain).first()).toBeVisible();
      await expect(page.getByRole('progressbar')).toHaveCount(0);
      await expectNoAxeViolations(page, 'the Customers page with the details pane of Fourth Coffee');
    });

    const title = `E2E mailbox sync stalls ${randomUUID().slice(0, 8)}`;
    await test.step('a service request on the customer’s behalf, through the dialog', async () => {
      await pane.getByRole('tab', { name: 'Service requests' }).click();
      await expect(page).toHaveURL(/[?&]pane=requests(&|$)/);
      await pane.getByRole('button', { name: 'New service request' }).click();

      const dialog = page.getByRole('dialog', { name: `New service request for ${adatumCustomer.name}` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
      await dialog
        .getByRole('textbox', { name: 'Description' })
        .fill('Since this morning, mail sync stalls for the sales team; restarting the client does not help.');
      await dialog.getByRole('radio', { name: /^Moderate/ }).check();
      await dialog.getByRole('textbox', { name: 'Contact name' }).fill('Camille Fourth');
      await dialog.getByRole('textbox', { name: 'Contact email' }).fill('camille@fourthcoffee.example');
      await dialog.getByRole('button', { name: 'Create the request' }).click();
      await expect(dialog).toBeHidden();

      // The new request opens in the pane...
      await expect(page).toHaveURL(/[?&]request=[0-9a-f-]{36}(&|$)/);
      const opened = pane.getByRole('article', { name: new RegExp(`^#\\d+ ${title}$`) });
      await expect(opened).toBeVisible();
      await expect(opened).toContainText('Moderate');
      await expect(opened).toContainText('camille@fourthcoffee.example');

      // ...and is in the customer's list, newest first.
      await pane.getByRole('button', { name: 'All service requests' }).click();
      await expect(page).not.toHaveURL(/[?&]request=/);
      const requests = pane.getByRole('table', { name: `Service requests of ${adatumCustomer.name}` });
      await expect(requests.getByRole('link', { name: title, exact: true })).toBeVisible();
      await expect(requests.getByRole('row').nth(1)).toContainText(title);
    });

    await test.step('a reload restores the selected customer and its pane from the URL', async () => {
      const before = new URL(page.url());
      await page.reload();
      expect(new URL(page.url()).search).toBe(before.search);
      await expect(pane).toBeVisible();
      await expect(pane.getByRole('tab', { name: 'Service requests' })).toHaveAttribute('aria-selected', 'true');
      const requests = pane.getByRole('table', { name: `Service requests of ${adatumCustomer.name}` });
      await expect(requests.getByRole('link', { name: title, exact: true })).toBeVisible();
      await expect(grid.getByRole('columnheader', { name: 'Service health' })).toHaveAttribute(
        'aria-sort',
        'descending',
      );
    });
  });

  test('a partner reader sees customers and their requests, without the controls that change them', async ({
    page,
  }) => {
    await signIn(page, persona.partnerReader);
    await page.goto('/customers?search=fourthcof');
    await expectPageSettled(page, 'Customers');
    const grid = customersGrid(page);
    await expectGridSettled(grid);
    await expect(page.getByRole('link', { name: 'Export to CSV' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Actions' })).toHaveCount(0);

    await grid.getByRole('link', { name: adatumCustomer.name, exact: true }).click();
    const pane = page.getByRole('dialog', { name: adatumCustomer.name });
    await expect(pane).toBeVisible();
    await pane.getByRole('tab', { name: 'Service requests' }).click();
    // The panel has loaded (its status filter is there and nothing is loading) before looking for what is absent.
    await expect(pane.getByRole('combobox', { name: 'Status' })).toBeVisible();
    await expect(pane.getByRole('progressbar')).toHaveCount(0);
    await expect(pane.getByRole('button', { name: 'New service request' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Actions' })).toHaveCount(0);
  });
});
