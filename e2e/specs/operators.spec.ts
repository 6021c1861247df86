import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { getMe, waitForMail } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { adatumCustomer, ORIGIN, persona } from '../support/demo.ts';
import { expectPageSettled, mainNavigation } from '../support/pages.ts';

const OPERATORS_PATH = '/settings/operators';

/** One tab's grid: "Operators" (active) or "Pending operators" (a Fluent DataGrid, named after the tab). */
function operatorsGrid(page: Page, tab: 'Operators' | 'Pending operators'): Locator {
  return page.getByRole('grid', { name: tab, exact: true });
}

/** The grid shows the rows of the current search, tab and sort, not those of the previous one kept while loading. */
async function expectGridSettled(grid: Locator): Promise<void> {
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute('aria-busy', 'false');
}

async function openTab(page: Page, tab: 'Operators' | 'Pending operators'): Promise<Locator> {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await expect(page.getByRole('tab', { name: tab, exact: true })).toHaveAttribute('aria-selected', 'true');
  const grid = operatorsGrid(page, tab);
  await expectGridSettled(grid);
  return grid;
}

async function openAddDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Add operator' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add operator' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The toast that says what happened (a list item named by its title). */
function toast(page: Page, text: string): Locator {
  return page.getByRole('listitem', { name: text });
}

/** The role checkboxes are named by the role alone ("Admin" is also part of "Admin agent"). */
function roleBox(dialog: Locator, role: string): Locator {
  return dialog.getByRole('checkbox', { name: role, exact: true });
}

/** Adds an operator through the API, as an Admin's page would: a pending operator with an invitation. */
async function addOperatorThroughApi(page: Page, email: string, roles: string[]): Promise<void> {
  const response = await page.request.post('/api/v1/operators', {
    data: { email, roles },
    headers: { origin: ORIGIN },
  });
  expect(response.status(), `POST /api/v1/operators: ${await response.text()}`).toBe(201);
}

test.describe('operators', () => {
  test('an Admin invites a Reader, who accepts from the mail and reads only; as Admin agent they open a service request; removed, they are out', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const email = 'nouvel.operateur@adatum.example';
    const name = `Nadia Nouvel ${randomUUID().slice(0, 6)}`;
    const password = `Invite-${randomUUID().slice(0, 8)}-pass`;

    await signIn(page, persona.partnerAdmin);

    await test.step('the Admin opens Settings › Operators', async () => {
      await page.goto('/');
      await mainNavigation(page).getByRole('link', { name: 'Settings', exact: true }).click();
      await expectPageSettled(page, 'Settings');
      await page.getByRole('main').getByRole('link', { name: 'Operators', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${OPERATORS_PATH}$`));
      await expectPageSettled(page, 'Operators');
      const grid = operatorsGrid(page, 'Operators');
      await expectGridSettled(grid);
      const self = grid.getByRole('row').filter({ hasText: persona.partnerAdmin });
      await expect(self).toContainText('You');
      await expect(self).toContainText('Admin');
    });

    await test.step('the Admin adds the operator as Reader; the dialog shows what Reader allows', async () => {
      const dialog = await openAddDialog(page);
      await dialog.getByRole('textbox', { name: 'Email' }).fill(email);
      await roleBox(dialog, 'Reader').check();
      const allows = dialog.getByRole('group', { name: 'What Reader allows' });
      await expect(allows).toContainText('See the organisations you manage');
      await expect(allows).toContainText('Create and revoke their own API tokens.');
      await expect(allows).not.toContainText('Open and follow up service requests');
      await expect(allows).not.toContainText('Add and remove operators');
      await dialog.getByRole('button', { name: 'Add and invite' }).click();
      await expect(dialog).toBeHidden();
      await expect(toast(page, `Invitation sent to ${email}.`)).toBeVisible();
      // Focus is back on the menu the dialog came from.
      await expect(page.getByRole('button', { name: 'Actions', exact: true })).toBeFocused();
    });

    await test.step('the new operator is listed under Pending operators', async () => {
      const pending = await openTab(page, 'Pending operators');
      await expect(page).toHaveURL(/[?&]tab=pending(&|$)/);
      const row = pending.getByRole('row').filter({ hasText: email });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('Reader');
      await expect(row).toContainText('Invited');
      await expect(row).toContainText('1 time');
    });

    const operatorContext = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Europe/Paris' });
    try {
      const operator = await operatorContext.newPage();

      let invitationUrl = '';
      await test.step('the invitation arrives in the development mailbox (in the organisation’s French)', async () => {
        const subject = 'Antoine Adatum vous invite sur Relais pour Adatum Conseil';
        await waitForMail(operatorContext.request, email, subject);
        await operator.goto('/dev/mailbox');
        await expect(operator.getByRole('heading', { level: 1, name: 'Development mailbox' })).toBeVisible();
        const filter = operator.getByRole('searchbox', { name: 'Filter by recipient' });
        await filter.fill(email);
        await filter.press('Enter');
        await expect(operator).toHaveURL(/[?&]recipient=/);

        const message = operator
          .getByRole('list', { name: 'Messages' })
          .getByRole('button', { name: subject, exact: true });
        await expect(message).toBeVisible();
        await message.click();

        const mail = operator.getByRole('article', { name: subject });
        await expect(mail).toContainText('avec ces rôles : Lecteur');
        const link = mail.getByRole('link', { name: /\/invitation\/\S{20,}$/ });
        invitationUrl = (await link.getAttribute('href')) ?? '';
        expect(invitationUrl.startsWith(`${baseURL ?? ''}/invitation/`), invitationUrl).toBe(true);
        await link.click();
      });

      await test.step('the invitation page, in the invitation’s language, passes axe in light and dark', async () => {
        await expect(operator).toHaveURL(invitationUrl);
        await expect(
          operator.getByRole('heading', { level: 1, name: 'Rejoignez Adatum Conseil sur Relais' }),
        ).toBeVisible();
        await expect(operator.getByRole('list', { name: 'Vos rôles' })).toHaveText('Lecteur');
        await expectNoAxeViolations(operator, 'the invitation page (light)');
        const dark = operator.getByRole('button', { name: 'Thème sombre' });
        await dark.click();
        await expect(dark).toHaveAttribute('aria-pressed', 'true');
        await expectNoAxeViolations(operator, 'the invitation page (dark)');
      });

      await test.step('the operator switches to English, sets a password and lands signed in on Customers', async () => {
        await operator.getByRole('button', { name: 'Langue' }).click();
        await operator.getByRole('menuitemradio', { name: 'English' }).click();
        await expect(operator.getByRole('heading', { level: 1, name: 'Join Adatum Conseil on Relais' })).toBeVisible();
        await expect(operator.getByRole('list', { name: 'Your roles' })).toHaveText('Reader');

        const form = operator.getByRole('form', { name: 'Accept the invitation' });
        await expect(form.getByRole('textbox', { name: 'Email' })).toHaveValue(email);
        // Single sign-on is not set up for Adatum: the password is the only way.
        await expect(operator.getByRole('button', { name: 'Accept with single sign-on' })).toHaveCount(0);
        await form.getByRole('textbox', { name: 'Your name' }).fill(name);
        await form.getByRole('textbox', { name: 'Password', exact: true }).fill('too-short');
        await form.getByRole('textbox', { name: 'Confirm password' }).fill('too-short');
        await form.getByRole('button', { name: 'Accept and sign in' }).click();
        await expect(form.getByText('Use at least 12 characters.')).toBeVisible();
        await expect(form.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();

        await form.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
        await form.getByRole('textbox', { name: 'Confirm password' }).fill(password);
        await form.getByRole('button', { name: 'Accept and sign in' }).click();

        await expect(operator).toHaveURL(/\/customers$/);
        await expectPageSettled(operator, 'Customers');
        await expect(operator.getByRole('button', { name })).toBeVisible();
        const me = await getMe(operator.request);
        expect(me.user.email).toBe(email);
        expect(me.roles).toEqual(['reader']);
      });

      await test.step('as Reader, the operator sees customers and their requests without the controls that change them', async () => {
        await expect(operator.getByRole('grid', { name: 'Customers' })).toBeVisible();
        await expect(operator.getByRole('button', { name: 'Actions' })).toHaveCount(0);
        const pane = await openServiceRequests(operator);
        await expect(pane.getByRole('button', { name: 'New service request' })).toHaveCount(0);
      });

      await test.step('the Admin sees them among the operators, and changes their roles to Admin agent', async () => {
        // The open page follows the acceptance through the event stream: they left the pending invitations.
        await expect(operatorsGrid(page, 'Pending operators').getByRole('row').filter({ hasText: email })).toHaveCount(
          0,
        );
        const active = await openTab(page, 'Operators');
        await expect(page).not.toHaveURL(/[?&]tab=/);
        const row = active.getByRole('row').filter({ hasText: email });
        await expect(row).toContainText(name);
        await expect(row).toContainText('Reader');
        await expect(row).toContainText('Active');

        const menuButton = row.getByRole('button', { name: `Actions for ${name}` });
        await menuButton.click();
        await page.getByRole('menuitem', { name: 'Change roles' }).click();
        const dialog = page.getByRole('dialog', { name: `Change the roles of ${name}` });
        await expect(dialog).toBeVisible();
        await expect(roleBox(dialog, 'Reader')).toBeChecked();
        await roleBox(dialog, 'Reader').uncheck();
        await roleBox(dialog, 'Admin agent').check();
        const allows = dialog.getByRole('group', { name: 'What Admin agent allows' });
        await expect(allows).toContainText('Open and follow up service requests on behalf of customers.');
        await expect(dialog.getByRole('group', { name: 'What Reader allows' })).toHaveCount(0);
        // A second role lists only what it adds: every permission of Helpdesk agent is already Admin agent's.
        await roleBox(dialog, 'Helpdesk agent').check();
        const helpdesk = dialog.getByRole('group', { name: 'What Helpdesk agent allows' });
        await expect(helpdesk).toContainText('Nothing beyond what is listed above.');
        await expect(helpdesk.getByRole('listitem')).toHaveCount(0);
        await expect(allows.getByRole('listitem')).toHaveCount(7);
        await roleBox(dialog, 'Helpdesk agent').uncheck();
        await dialog.getByRole('button', { name: 'Save roles' }).click();
        await expect(dialog).toBeHidden();
        await expect(toast(page, `The roles of ${name} were changed.`)).toBeVisible();
        await expect(menuButton).toBeFocused();
        await expect(row).toContainText('Admin agent');
        await expect(row).not.toContainText('Reader');
      });

      await test.step('after a reload, the operator opens a service request for a customer', async () => {
        await operator.reload();
        await expectPageSettled(operator, 'Customers');
        await expect(operator.getByRole('button', { name: 'Actions' })).toBeVisible();
        const pane = await openServiceRequests(operator);
        await pane.getByRole('button', { name: 'New service request' }).click();

        const title = `E2E licences not assigned ${randomUUID().slice(0, 8)}`;
        const dialog = operator.getByRole('dialog', { name: `New service request for ${adatumCustomer.name}` });
        await expect(dialog).toBeVisible();
        await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
        await dialog
          .getByRole('textbox', { name: 'Description' })
          .fill('Ten new licences were bought yesterday but cannot be assigned to users.');
        await dialog.getByRole('radio', { name: /^Moderate/ }).check();
        await dialog.getByRole('textbox', { name: 'Contact name' }).fill('Camille Fourth');
        await dialog.getByRole('textbox', { name: 'Contact email' }).fill('camille@fourthcoffee.example');
        await dialog.getByRole('button', { name: 'Create the request' }).click();
        await expect(dialog).toBeHidden();
        await expect(pane.getByRole('article', { name: new RegExp(`^#\\d+ ${title}$`) })).toBeVisible();
      });

      await test.step('the Admin removes the operator; their session stops at once', async () => {
        const grid = operatorsGrid(page, 'Operators');
        const row = grid.getByRole('row').filter({ hasText: email });
        await row.getByRole('button', { name: `Actions for ${name}` }).click();
        await page.getByRole('menuitem', { name: 'Remove' }).click();
        const confirm = page.getByRole('alertdialog', { name: `Remove ${name}?` });
        await expect(confirm).toContainText(`${name} (${email}) loses access to Relais at once`);
        await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
        await expect(confirm).toBeHidden();
        await expect(toast(page, `${name} was removed.`)).toBeVisible();
        await expect(row).toHaveCount(0);
        // The row left with its menu button: focus is on the selected tab.
        await expect(page.getByRole('tab', { name: 'Operators', exact: true })).toBeFocused();

        await operator.reload();
        await expect(operator).toHaveURL(/\/sign-in/);

        // The invitation was accepted: its link says so and leads to the sign-in page.
        await operator.goto(invitationUrl);
        await expect(
          operator.getByRole('heading', { level: 1, name: 'This invitation has already been accepted' }),
        ).toBeVisible();
        await expect(operator.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
      });
    } finally {
      await operatorContext.close();
    }
  });

  test('a personal mailbox is refused with the server’s reason on the email field, and nothing is added', async ({
    page,
  }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto(OPERATORS_PATH);
    await expectPageSettled(page, 'Operators');

    const dialog = await openAddDialog(page);
    const emailBox = dialog.getByRole('textbox', { name: 'Email' });
    await dialog.getByRole('button', { name: 'Add and invite' }).click();
    await expect(emailBox).toHaveAccessibleDescription(/Enter the operator's email address\./);
    await expect(dialog.getByText('Choose at least one role.')).toBeVisible();

    await emailBox.fill('someone@gmail.com');
    await roleBox(dialog, 'Reader').check();
    await expect(dialog.getByText('Choose at least one role.')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Add and invite' }).click();
    const refusal = 'gmail.com is a personal mailbox service. Operators must use an address of your organisation.';
    await expect(emailBox).toHaveAccessibleDescription(new RegExp(refusal.replaceAll('.', '\\.')));
    await expect(emailBox).toHaveAttribute('aria-invalid', 'true');
    await expect(emailBox).toBeFocused();
    await expect(dialog).toBeVisible();

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Actions', exact: true })).toBeFocused();

    // Whether other invitations are pending or not, none is for this address.
    await page.getByRole('tab', { name: 'Pending operators', exact: true }).click();
    await expect(page).toHaveURL(/[?&]tab=pending(&|$)/);
    const search = page.getByRole('searchbox', { name: 'Search by name or email' });
    await search.fill('gmail.com');
    await search.press('Enter');
    await expect(page).toHaveURL(/[?&]search=gmail\.com(&|$)/);
    await expect(page.getByText('No operator matches “gmail.com”')).toBeVisible();
  });

  test('an Admin resends a pending invitation, then withdraws it', async ({ page }) => {
    const email = `e2e-${randomUUID().slice(0, 8)}@adatum.example`;
    await signIn(page, persona.partnerAdmin);
    await addOperatorThroughApi(page, email, ['helpdesk_agent']);

    await page.goto(`${OPERATORS_PATH}?tab=pending&search=${encodeURIComponent(email)}`);
    await expectPageSettled(page, 'Operators');
    const grid = operatorsGrid(page, 'Pending operators');
    await expectGridSettled(grid);
    const row = grid.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Helpdesk agent');
    await expect(row).toContainText('Name not chosen yet');
    await expect(row).toContainText('1 time');

    // By keyboard: the row's menu button opens on Enter, with the focus on its first item.
    const menuButton = row.getByRole('button', { name: `Actions for ${email}` });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Resend invitation' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(toast(page, `Invitation sent again to ${email}`)).toBeVisible();
    await expect(menuButton).toBeFocused();
    await expect(row).toContainText('2 times');

    await menuButton.click();
    await page.getByRole('menuitem', { name: 'Withdraw invitation' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Withdraw the invitation to ${email}?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Withdraw invitation' }).click();
    await expect(confirm).toBeHidden();
    await expect(toast(page, `The invitation to ${email} was withdrawn.`)).toBeVisible();
    await expect(page.getByText(`No operator matches “${email}”`)).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Pending operators', exact: true })).toBeFocused();
  });

  test('an Admin can neither remove themselves nor drop their own Admin role', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto(OPERATORS_PATH);
    await expectPageSettled(page, 'Operators');
    const grid = operatorsGrid(page, 'Operators');
    await expectGridSettled(grid);
    const self = grid.getByRole('row').filter({ hasText: persona.partnerAdmin });
    await self.getByRole('button', { name: 'Actions for Antoine Adatum' }).click();
    await expect(page.getByRole('menuitem', { name: 'Change roles' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Remove' })).toHaveCount(0);
    await page.getByRole('menuitem', { name: 'Change roles' }).click();

    const dialog = page.getByRole('dialog', { name: 'Change the roles of Antoine Adatum' });
    const admin = roleBox(dialog, 'Admin');
    await expect(admin).toBeChecked();
    await expect(admin).toBeDisabled();
    await expect(admin).toHaveAccessibleDescription('You cannot take away your own Admin role: ask another Admin.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(self.getByRole('button', { name: 'Actions for Antoine Adatum' })).toBeFocused();
  });

  test('the operators sort by name, email and last sign-in, kept in the URL', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto(OPERATORS_PATH);
    await expectPageSettled(page, 'Operators');
    const grid = operatorsGrid(page, 'Operators');
    await expectGridSettled(grid);
    const header = (name: string) => grid.getByRole('columnheader', { name, exact: true });
    const firstEmail = () => grid.getByRole('rowgroup').nth(1).getByRole('row').getByRole('gridcell').nth(1);
    await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
    await expect(header('Email')).toHaveAttribute('aria-sort', 'none');
    await expect(header('Roles')).not.toHaveAttribute('aria-sort', /.*/);

    await header('Email').click();
    await expect(header('Email')).toHaveAttribute('aria-sort', 'ascending');
    await expect(header('Name')).toHaveAttribute('aria-sort', 'none');
    await expect(page).toHaveURL(/[?&]sort=email(&|$)/);
    await expectGridSettled(grid);
    await expect(firstEmail()).toHaveText(persona.partnerAdmin);

    await header('Email').click();
    await expect(header('Email')).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/[?&]order=desc(&|$)/);
    await expectGridSettled(grid);
    await expect(firstEmail()).not.toHaveText(persona.partnerAdmin);
    // The focus stayed on the header people sorted with while the new order loaded.
    await expect(header('Email').getByRole('button')).toBeFocused();

    // Most recent first: the Admin, signed in for this test, before the Reader, who never signs in here.
    await header('Last sign-in').click();
    await expect(header('Last sign-in')).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/[?&]sort=lastSignIn(&|$)/);
    await expectGridSettled(grid);
    await expect(firstEmail()).toHaveText(persona.partnerAdmin);

    await page.reload();
    await expect(header('Last sign-in')).toHaveAttribute('aria-sort', 'descending');
    // The pending tab has no last sign-in: its sort falls back to the name.
    await page.getByRole('tab', { name: 'Pending operators', exact: true }).click();
    await expect(page).toHaveURL(/[?&]tab=pending(&|$)/);
    await expect(page).not.toHaveURL(/[?&](sort|order)=/);
  });

  test('the Operators page, its tabs and the Add operator dialog pass axe in light and dark', async ({ page }) => {
    await signIn(page, persona.partnerAdmin);
    await page.goto(OPERATORS_PATH);
    await expectPageSettled(page, 'Operators');
    await addOperatorThroughApi(page, `e2e-axe-${randomUUID().slice(0, 8)}@adatum.example`, ['program_admin']);

    for (const theme of ['light', 'dark'] as const) {
      await test.step(theme, async () => {
        if (theme === 'dark') {
          const dark = page.getByRole('button', { name: 'Dark theme' });
          await dark.click();
          await expect(dark).toHaveAttribute('aria-pressed', 'true');
        }
        await openTab(page, 'Operators');
        await expectNoAxeViolations(page, `the Operators tab (${theme})`);
        const pending = await openTab(page, 'Pending operators');
        await expect(pending.getByRole('row').nth(1)).toBeVisible();
        await expectNoAxeViolations(page, `the Pending operators tab (${theme})`);

        const dialog = await openAddDialog(page);
        await roleBox(dialog, 'Reader').check();
        await roleBox(dialog, 'Admin agent').check();
        await expect(dialog.getByRole('group', { name: 'What Admin agent allows' })).toBeVisible();
        await expectNoAxeViolations(page, `the Add operator dialog (${theme})`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await expect(dialog).toBeHidden();
      });
    }
  });
});

/** Opens Fourth Coffee's pane on its Service requests tab, once the panel has loaded. */
async function openServiceRequests(page: Page): Promise<Locator> {
  await page.goto('/customers?search=fourthcof');
  await expectPageSettled(page, 'Customers');
  await page
    .getByRole('grid', { name: 'Customers' })
    .getByRole('link', { name: adatumCustomer.name, exact: true })
    .click();
  const pane = page.getByRole('dialog', { name: adatumCustomer.name });
  await expect(pane).toBeVisible();
  await pane.getByRole('tab', { name: 'Service requests' }).click();
  // The panel has loaded (its status filter is there and nothing is loading) before looking for what is absent.
  await expect(pane.getByRole('combobox', { name: 'Status' })).toBeVisible();
  await expect(pane.getByRole('progressbar')).toHaveCount(0);
  return pane;
}
