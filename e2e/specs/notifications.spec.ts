import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn, signInWith } from '../support/auth.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { ORIGIN, persona } from '../support/demo.ts';
import { expectPageSettled, mainNavigation } from '../support/pages.ts';

const CENTER_PATH = '/notifications';
const PUBLICATIONS_PATH = '/notifications/publications';
const DAY_MS = 24 * 60 * 60 * 1000;

interface Counts {
  pendingActions: number;
  openActions: number;
  unreadNotifications: number;
}

async function countsOf(request: APIRequestContext): Promise<Counts> {
  const response = await request.get('/api/v1/notifications/counts');
  expect(response.status(), 'GET /api/v1/notifications/counts').toBe(200);
  return (await response.json()) as Counts;
}

/** The bell's description says both figures exactly (the badge shows their sum, "99+" beyond 99). */
function bellFigures(language: 'fr' | 'en', { pendingActions, unreadNotifications }: Counts): string {
  const plural = (count: number, one: string, other: string) => `${String(count)} ${count === 1 ? one : other}`;
  return language === 'fr'
    ? `${plural(pendingActions, 'action à traiter', 'actions à traiter')}, ${plural(
        unreadNotifications,
        'notification non lue',
        'notifications non lues',
      )}`
    : `${plural(pendingActions, 'pending action', 'pending actions')}, ${plural(
        unreadNotifications,
        'unread notification',
        'unread notifications',
      )}`;
}

function bell(page: Page): Locator {
  return page.getByRole('banner').getByRole('button', { name: 'Notifications', exact: true });
}

/** A calendar day (yyyy-mm-dd) some days from now, as a date field takes it. */
function dayFromNow(days: number): string {
  const date = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The toast that says what happened (a list item named by its title). */
function toast(page: Page, text: string | RegExp): Locator {
  return page.getByRole('listitem', { name: text });
}

async function newPersonaPage(browser: Browser, baseURL: string | undefined, email: string, locale: string) {
  const context = await browser.newContext({ baseURL, locale, timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** Saves the UI language on the profile (the journeys put back English, as language.spec does). */
async function saveLanguage(request: APIRequestContext, language: 'fr' | 'en'): Promise<void> {
  const response = await request.patch('/api/v1/me', { data: { language }, headers: { origin: ORIGIN } });
  expect(response.status(), 'PATCH /api/v1/me').toBe(200);
}

interface PublicationInput {
  category: 'mandatory' | 'recommended' | 'transactional' | 'promotional';
  workspace: string;
  title: { fr: string; en: string };
  body: { fr: string; en: string };
  link: string;
  dueAt?: string;
  audience: { kinds?: string[]; distributorId?: string };
}

/** Publishes as the vendor through the API, for the journeys that start from an item already received. */
async function publishThroughApi(request: APIRequestContext, input: PublicationInput): Promise<string> {
  const response = await request.post('/api/v1/notifications/publications', {
    data: input,
    headers: { origin: ORIGIN },
  });
  expect(response.status(), `POST /api/v1/notifications/publications: ${await response.text()}`).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function withdrawThroughApi(request: APIRequestContext, id: string): Promise<void> {
  const response = await request.post(`/api/v1/notifications/publications/${id}/withdraw`, {
    headers: { origin: ORIGIN },
  });
  // Already withdrawn by the journey itself: nothing left to put back.
  expect([200, 409], `withdraw ${id}: ${await response.text()}`).toContain(response.status());
}

test.describe('notification center', () => {
  test('the vendor publishes a mandatory action to every partner; Adatum’s Admin sees the bell rise live, cannot archive it, marks it done; the Reader sees it done', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const tag = randomUUID().slice(0, 8);
    const title = {
      fr: `Signer l'avenant de sécurité ${tag}`,
      en: `Sign the security addendum ${tag}`,
    };
    const body = {
      fr: `Chaque partenaire doit signer l'avenant de sécurité ${tag} avant son échéance.`,
      en: `Every partner must sign the security addendum ${tag} by its due date.`,
    };

    // The vendor's Admin, in English (the browser's language).
    await signIn(page, persona.vendorAdmin);
    // Adatum's Admin, in French, with a page open before anything is published.
    const admin = await newPersonaPage(browser, baseURL, persona.partnerAdmin, 'fr-FR');
    await saveLanguage(admin.page.request, 'fr');
    const reader = await newPersonaPage(browser, baseURL, persona.partnerReader, 'en-US');
    try {
      const before = await countsOf(admin.page.request);
      await test.step('Adatum’s Admin works on the customers; the bell shows the exact figures', async () => {
        await admin.page.goto('/customers');
        await expectPageSettled(admin.page, 'Clients');
        await expect(bell(admin.page)).toHaveAccessibleDescription(bellFigures('fr', before));
        await expect(bell(admin.page)).toContainText(String(before.pendingActions + before.unreadNotifications));
      });

      await test.step('the vendor opens Publications and fills in a mandatory action for every partner', async () => {
        await page.goto('/');
        await mainNavigation(page).getByRole('link', { name: 'Publications', exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`${PUBLICATIONS_PATH}$`));
        await expectPageSettled(page, 'Publications');
        await expectNoAxeViolations(page, 'the publications page');

        await page.getByRole('button', { name: 'Publish', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'New publication' });
        await expect(dialog).toBeVisible();

        // Sent empty, the form says what is missing, in words.
        await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect(dialog.getByText('Enter the title in French.')).toBeVisible();
        await expect(
          dialog.getByText("Tick at least one kind of organisation, or choose a distributor's channel."),
        ).toBeVisible();
        await expect(dialog.getByRole('textbox', { name: 'Title in French' })).toBeFocused();

        await dialog.getByRole('radio', { name: 'Mandatory action' }).check();
        await dialog.getByRole('combobox', { name: 'Workspace' }).selectOption({ label: 'Customers' });
        await dialog.getByRole('textbox', { name: 'Link' }).fill('/customers');
        await dialog.getByRole('textbox', { name: 'Title in French' }).fill(title.fr);
        await dialog.getByRole('textbox', { name: 'Title in English' }).fill(title.en);
        await dialog.getByRole('textbox', { name: 'Text in French' }).fill(body.fr);
        await dialog.getByRole('textbox', { name: 'Text in English' }).fill(body.en);
        await dialog.getByLabel('Due date').fill(dayFromNow(3));
        await expect(dialog.getByText('Choose an audience to see whom it reaches.')).toBeVisible();
        await dialog.getByRole('checkbox', { name: 'Partners', exact: true }).check();
        // The reach, asked of the server before anything is sent.
        await expect(dialog.getByText(/^Reaches \d+ organisations? and \d+ users? now\.$/)).toBeVisible();
        await expectNoAxeViolations(page, 'the publish dialog');

        await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect(dialog).toBeHidden();
        await expect(
          toast(page, new RegExp(`^“${title.en}” published: it reaches \\d+ organisations?\\.$`)),
        ).toBeVisible();
        const row = page.getByRole('table', { name: 'Publications' }).getByRole('row').filter({ hasText: title.en });
        await expect(row).toContainText('Mandatory');
        await expect(row).toContainText('Published');
      });

      const after = { ...before, pendingActions: before.pendingActions + 1 };
      await test.step('the bell of Adatum’s Admin rises without a reload; its panel lists the action first', async () => {
        await expect(bell(admin.page)).toHaveAccessibleDescription(bellFigures('fr', after));
        await bell(admin.page).click();
        const panel = admin.page.getByRole('dialog', { name: 'Notifications' });
        await expect(panel).toBeVisible();
        const pending = panel.getByRole('region', { name: 'Actions à traiter' });
        await expect(pending.getByRole('link', { name: new RegExp(title.fr) })).toContainText('Obligatoire');
        await expect(panel.getByRole('region', { name: 'Notifications non lues' })).toBeVisible();
        await expectNoAxeViolations(admin.page, 'the bell panel (fr)');
        await panel.getByRole('button', { name: 'Aller au Centre de notifications' }).click();
        await expect(admin.page).toHaveURL(new RegExp(`${CENTER_PATH}$`));
        await expectPageSettled(admin.page, 'Centre de notifications');
      });

      await test.step('in the Center, the Archive control refuses a mandatory action and says why', async () => {
        const table = admin.page.getByRole('table', { name: 'Actions' });
        const row = table.getByRole('row').filter({ hasText: title.fr });
        await expect(row).toContainText('Obligatoire');
        await expect(row).toContainText('À faire');
        await row.getByRole('checkbox', { name: `Sélectionner « ${title.fr} »` }).check();
        const toolbar = admin.page.getByRole('toolbar', { name: 'Éléments sélectionnés' });
        await expect(toolbar).toContainText('1 sélectionné');
        const archive = toolbar.getByRole('button', { name: 'Archiver' });
        await expect(archive).toBeDisabled();
        await expect(archive).toHaveAccessibleDescription(
          'Les actions obligatoires ne peuvent pas être archivées : marquez-les comme effectuées.',
        );
        await toolbar.getByRole('button', { name: 'Effacer la sélection' }).click();
      });

      await test.step('Adatum’s Admin opens the action, reads it in French, and marks it done', async () => {
        await admin.page
          .getByRole('table', { name: 'Actions' })
          .getByRole('link', { name: new RegExp(title.fr) })
          .click();
        await expect(admin.page).toHaveURL(/[?&]item=/);
        const pane = admin.page.getByRole('dialog', { name: title.fr });
        await expect(pane).toContainText(body.fr);
        await expect(pane.getByRole('link', { name: 'Ouvrir' })).toHaveAttribute('href', '/customers');
        const archive = pane.getByRole('button', { name: 'Archiver' });
        await expect(archive).toBeDisabled();
        await expect(archive).toHaveAccessibleDescription(/Les actions obligatoires ne peuvent pas être archivées/);
        await expectNoAxeViolations(admin.page, 'the Notification Center with an item open (fr)');

        await pane.getByRole('button', { name: 'Marquer comme effectuée' }).click();
        await expect(toast(admin.page, `Action « ${title.fr} » effectuée pour Adatum Conseil.`)).toBeVisible();
        await expect(pane.getByRole('definition').filter({ hasText: 'par Antoine Adatum' })).toBeVisible();
        await expect(pane.getByRole('button', { name: 'Marquer comme effectuée' })).toHaveCount(0);
        // Done, it is no longer pending: the bell is back where it was.
        await expect(bell(admin.page)).toHaveAccessibleDescription(bellFigures('fr', before));
      });

      await test.step('Adatum’s Reader sees it done, in English, without the control to do it', async () => {
        await reader.page.goto(CENTER_PATH);
        await expectPageSettled(reader.page, 'Notification Center');
        const row = reader.page.getByRole('table', { name: 'Actions' }).getByRole('row').filter({ hasText: title.en });
        await expect(row).toContainText('Done');
        await row.getByRole('link', { name: new RegExp(title.en) }).click();
        const pane = reader.page.getByRole('dialog', { name: title.en });
        await expect(pane).toContainText(body.en);
        await expect(pane.getByRole('definition').filter({ hasText: 'by Antoine Adatum' })).toBeVisible();
        await expect(pane.getByRole('button', { name: 'Mark as done' })).toHaveCount(0);
        await expectNoAxeViolations(reader.page, 'the Notification Center with an item open (en)');
      });

      await test.step('the vendor withdraws it, after confirming; it leaves the Reader’s Center at once', async () => {
        // Reads and completions happen in the recipients' organisations, whose events the vendor does not hear.
        await page.reload();
        await expectPageSettled(page, 'Publications');
        const row = page.getByRole('table', { name: 'Publications' }).getByRole('row').filter({ hasText: title.en });
        // Read by Adatum's Admin and Reader; done by Adatum (the "Read by" and "Done by" columns).
        const headers = await page
          .getByRole('table', { name: 'Publications' })
          .getByRole('columnheader')
          .allInnerTexts();
        await expect(row.getByRole('cell').nth(headers.indexOf('Read by'))).toHaveText(/^2 of \d+$/);
        await expect(row.getByRole('cell').nth(headers.indexOf('Done by'))).toHaveText(/^1 of \d+$/);
        await row.getByRole('button', { name: `Withdraw “${title.en}”` }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Withdraw this publication?' });
        await expect(confirm).toContainText(title.en);
        await confirm.getByRole('button', { name: 'Withdraw', exact: true }).click();
        await expect(confirm).toBeHidden();
        await expect(toast(page, `“${title.en}” withdrawn.`)).toBeVisible();
        await expect(row).toContainText('Withdrawn');
        await expect(row.getByRole('button', { name: `Withdraw “${title.en}”` })).toHaveCount(0);

        await expect(reader.page.getByRole('dialog', { name: title.en })).toContainText(
          'This item no longer exists: it may have been withdrawn.',
        );
        await expect(
          reader.page.getByRole('table', { name: 'Actions' }).getByRole('row').filter({ hasText: title.en }),
        ).toHaveCount(0);
      });
    } finally {
      await saveLanguage(admin.page.request, 'en');
      await admin.context.close();
      await reader.context.close();
    }
  });

  test('a partner archives a promotional notification, finds it in the archive and restores it', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const tag = randomUUID().slice(0, 8);
    const title = { fr: `Offre de printemps ${tag}`, en: `Spring offer ${tag}` };
    const vendor = await playwright.request.newContext({ baseURL });
    await signInWith(vendor, persona.vendorAdmin);
    const id = await publishThroughApi(vendor, {
      category: 'promotional',
      workspace: 'benefits',
      title,
      body: { fr: `Découvrez l'offre ${tag}.`, en: `Discover the ${tag} offer.` },
      link: '/',
      audience: { kinds: ['partner'] },
    });
    try {
      await signIn(page, persona.otherPartnerAdmin);
      await page.goto(`${CENTER_PATH}?tab=notifications`);
      await expectPageSettled(page, 'Notification Center');
      await expect(page.getByRole('tab', { name: /^Notifications/ })).toHaveAttribute('aria-selected', 'true');
      await expectNoAxeViolations(page, 'the Notifications tab (en)');

      const table = page.getByRole('table', { name: 'Notifications' });
      const row = table.getByRole('row').filter({ hasText: title.en });
      await expect(row.getByRole('link', { name: `${title.en} (Unread)` })).toBeVisible();
      await expect(row).toContainText('Promotional');

      await row.getByRole('checkbox', { name: `Select “${title.en}”` }).check();
      const toolbar = page.getByRole('toolbar', { name: 'Selected items' });
      const archive = toolbar.getByRole('button', { name: 'Archive' });
      await expect(archive).toBeEnabled();
      await archive.click();
      await expect(toast(page, '1 item archived.')).toBeVisible();
      await expect(row).toHaveCount(0);

      await page.getByRole('tab', { name: 'Archive' }).click();
      await expect(page).toHaveURL(/[?&]tab=archive(&|$)/);
      const archived = page.getByRole('table', { name: 'Archive' }).getByRole('row').filter({ hasText: title.en });
      await expect(archived).toContainText('Promotional');
      await archived.getByRole('link', { name: new RegExp(title.en) }).click();
      const pane = page.getByRole('dialog', { name: title.en });
      await expect(pane).toContainText(`Discover the ${tag} offer.`);
      // Opened, it was read.
      await expect(archived.getByRole('link', { name: title.en, exact: true })).toBeVisible();
      await pane.getByRole('button', { name: 'Restore' }).click();
      await expect(toast(page, `“${title.en}” restored.`)).toBeVisible();
      await expect(archived).toHaveCount(0);

      await page.getByRole('tab', { name: /^Notifications/ }).click();
      await expect(
        page.getByRole('table', { name: 'Notifications' }).getByRole('row').filter({ hasText: title.en }),
      ).toHaveCount(1);
    } finally {
      await withdrawThroughApi(vendor, id);
      await vendor.dispose();
    }
  });
});
