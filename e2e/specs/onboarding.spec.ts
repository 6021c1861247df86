import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { getMe, waitForMail } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

async function searchCustomers(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search by name or domain' });
  await box.fill(text);
  await box.press('Enter');
}

test('a distributor sends an activation link; the customer onboards from the mail and appears live in the list', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const unique = randomUUID().slice(0, 8);
  const organizationName = `E2E Roastery ${unique}`;
  const recipient = `it@e2e-${unique}.example`;
  const domain = `e2e-roastery-${unique}.example`;
  const adminName = `Robin Roaster ${unique}`;
  const password = `Onboard-${unique}-pass`;

  // The distributor, on Customers: this page stays open (never reloaded) until the new customer shows up on it.
  await signIn(page, persona.distributorAdmin);
  await page.goto('/customers');
  await expectPageSettled(page, 'Customers');
  // Set on the page's global object: still there at the end only if the page was never reloaded or left.
  await page.evaluate(() => {
    (globalThis as unknown as { e2eNotReloaded?: boolean }).e2eNotReloaded = true;
  });

  let linkUrl = '';
  await test.step('the distributor sends an activation link with two SKU lines', async () => {
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Send activation link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send activation link' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Organisation name' }).fill(organizationName);
    await dialog.getByRole('textbox', { name: 'Recipient email' }).fill(recipient);
    await dialog.getByRole('radiogroup', { name: 'Language' }).getByRole('radio', { name: 'English' }).check();

    const line1 = dialog.getByRole('group', { name: 'SKU line 1' });
    await line1.getByRole('combobox', { name: 'SKU' }).selectOption({ label: 'Mail Basic' });
    await line1.getByRole('spinbutton', { name: 'Quantity' }).fill('25');
    await dialog.getByRole('button', { name: 'Add a SKU' }).click();
    const line2 = dialog.getByRole('group', { name: 'SKU line 2' });
    await line2.getByRole('combobox', { name: 'SKU' }).selectOption({ label: 'Teamwork Standard' });
    await line2.getByRole('spinbutton', { name: 'Quantity' }).fill('10');
    await dialog.getByRole('button', { name: 'Send activation link' }).click();

    const sent = page.getByRole('alertdialog', { name: 'Activation link sent' });
    await expect(sent).toContainText(`The activation link for ${organizationName} was sent to ${recipient}.`);
    const link = sent.getByRole('textbox', { name: 'Activation link' });
    await expect(link).toHaveValue(new RegExp(`^${baseURL ?? ''}/activate/\\S{20,}$`));
    linkUrl = await link.inputValue();
    await sent.getByRole('button', { name: 'Done' }).click();
    await expect(sent).toBeHidden();
  });

  await test.step('the organisation is not a customer yet', async () => {
    await searchCustomers(page, organizationName);
    await expect(page).toHaveURL(/[?&]search=/);
    await expect(page.getByText(`No customer matches “${organizationName}”`)).toBeVisible();
  });

  // The recipient: another browser, not signed in.
  const recipientContext = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Europe/Paris' });
  try {
    const inbox = await recipientContext.newPage();

    await test.step('the recipient finds the mail in the development mailbox and opens the link', async () => {
      const subject = `Contoso Distribution invites ${organizationName} to Relais`;
      await waitForMail(recipientContext.request, recipient, subject);
      await inbox.goto('/dev/mailbox');
      await expect(inbox.getByRole('heading', { level: 1, name: 'Development mailbox' })).toBeVisible();
      const filter = inbox.getByRole('searchbox', { name: 'Filter by recipient' });
      await filter.fill(recipient);
      await filter.press('Enter');
      await expect(inbox).toHaveURL(/[?&]recipient=/);

      const message = inbox.getByRole('list', { name: 'Messages' }).getByRole('button', { name: subject, exact: true });
      await expect(message).toBeVisible();
      await expect(inbox.getByRole('list', { name: 'Messages' }).getByRole('button')).toHaveCount(1);
      await message.click();

      const mail = inbox.getByRole('article', { name: subject });
      await expect(mail).toContainText(recipient);
      const activate = mail.getByRole('link', { name: linkUrl, exact: true });
      await expect(activate).toHaveAttribute('href', linkUrl);
      await activate.click();
    });

    await test.step('the recipient sets up the organisation and lands signed in as its admin', async () => {
      await expect(inbox).toHaveURL(linkUrl);
      await expect(inbox.getByRole('heading', { level: 1, name: `Welcome, ${organizationName}` })).toBeVisible();
      await expect(inbox.getByText('Contoso Distribution (distributor) invites', { exact: false })).toBeVisible();
      await expect(inbox.getByText('Mail Basic: 25 licences')).toBeVisible();
      await expect(inbox.getByText('Teamwork Standard: 10 licences')).toBeVisible();

      const form = inbox.getByRole('form', { name: 'Your organisation and its administrator' });
      await expect(form.getByRole('textbox', { name: 'Organisation name' })).toHaveValue(organizationName);
      await expect(form.getByRole('textbox', { name: 'Email' })).toHaveValue(recipient);
      await form.getByRole('textbox', { name: 'Primary domain' }).fill(domain);
      await form.getByRole('textbox', { name: 'Street address' }).fill('12 rue des Torréfacteurs');
      await form.getByRole('textbox', { name: 'Postal code' }).fill('69002');
      await form.getByRole('textbox', { name: 'City' }).fill('Lyon');
      await form.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'France' });
      await form.getByRole('textbox', { name: 'Your name' }).fill(adminName);
      await form.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
      await form.getByRole('textbox', { name: 'Confirm password', exact: true }).fill(password);
      await form.getByRole('button', { name: 'Create my organisation' }).click();

      await expect(inbox).toHaveURL(/\/organization$/);
      await expectPageSettled(inbox, organizationName);
      await expect(inbox.getByRole('button', { name: adminName })).toBeVisible();
      const me = await getMe(inbox.request);
      expect(me.user.email).toBe(recipient);
      expect(me.organization).toMatchObject({ kind: 'customer', name: organizationName });
      expect(me.roles).toContain('admin');
    });

    await test.step('the link is spent: opened again, it says so', async () => {
      await inbox.goto(linkUrl);
      await expect(
        inbox.getByRole('heading', { level: 1, name: 'This activation link has already been used' }),
      ).toBeVisible();
    });
  } finally {
    await recipientContext.close();
  }

  await test.step('the distributor’s open page shows the new customer, through the event stream', async () => {
    const grid = page.getByRole('grid', { name: 'Customers' });
    const row = grid.getByRole('row').filter({ has: page.getByRole('link', { name: organizationName, exact: true }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText(domain);
    await expect(page.getByText(`No customer matches “${organizationName}”`)).toHaveCount(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { e2eNotReloaded?: boolean }).e2eNotReloaded),
      'the Customers page was never reloaded',
    ).toBe(true);
  });

  await test.step('the activation link is listed as used', async () => {
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Activation links' }).click();
    await expect(page).toHaveURL(/\/customers\/activation-links$/);
    await expectPageSettled(page, 'Activation links');
    await page.getByRole('tab', { name: 'Used' }).click();
    await expect(page).toHaveURL(/[?&]status=used(&|$)/);
    const used = page.getByRole('table', { name: 'Used activation links' });
    const row = used.getByRole('row').filter({ hasText: recipient });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(organizationName);
    await expect(row).toContainText('Mail Basic × 25');
    await expect(row.getByRole('link', { name: organizationName, exact: true })).toHaveAttribute(
      'href',
      /^\/organizations\/[0-9a-f-]{36}$/,
    );
    // Gone from the pending links.
    await page.getByRole('tab', { name: 'Pending' }).click();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: recipient })).toHaveCount(0);
  });
});
