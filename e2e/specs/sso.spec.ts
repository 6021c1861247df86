import { expect, test } from '@playwright/test';
import { startOidcProvider, type LoopbackProvider } from '../../server/test/oidc-provider.ts';
import type { Me } from '../support/api.ts';
import { signIn, signInWith } from '../support/auth.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { ORIGIN, persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

const CALLBACK = `${ORIGIN}/api/v1/auth/sso/callback`;
let idp: LoopbackProvider;

test.beforeAll(async () => {
  // A real OpenID Connect provider on loopback, in this process; the app reaches it from its own.
  idp = await startOidcProvider({ redirectUris: [CALLBACK] });
});

test.afterAll(async ({ playwright }) => {
  // The demo organisation goes back to passwords only, whatever happened, so that the other journeys are unaffected.
  const admin = await playwright.request.newContext({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });
  try {
    await signInWith(admin, persona.partnerAdmin);
    const res = await admin.delete('/api/v1/organization/sso', { headers: { origin: ORIGIN } });
    expect([204, 404]).toContain(res.status());
  } finally {
    await admin.dispose();
    await idp.stop();
  }
});

test('an Admin connects an OpenID Connect provider; a Reader then signs in through it', async ({ page }) => {
  await test.step('the Admin sets up single sign-on on /settings/sso', async () => {
    await signIn(page, persona.partnerAdmin);
    await page.goto('/settings/sso');
    await expectPageSettled(page, 'Single sign-on');
    await expect(page.getByRole('heading', { name: 'Single sign-on is not set up' })).toBeVisible();
    await page.getByRole('button', { name: 'Set up single sign-on' }).click();

    await page.getByRole('radio', { name: 'Other OpenID Connect provider' }).check();
    await expect(page.getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(CALLBACK);
    // Saving without the fields says what is missing and sends nothing.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Enter the issuer URL.')).toBeVisible();
    await expect(page.getByText('Enter the client secret of this client.')).toBeVisible();

    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(idp.issuer);
    await page.getByRole('textbox', { name: 'Client ID' }).fill(idp.client.clientId);
    await page.getByLabel('Client secret').fill(idp.client.clientSecret);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Single sign-on saved.')).toBeVisible();
    await expect(page.getByText(`Operators can sign in with ${idp.issuer}.`)).toBeVisible();
    await expect(page.getByText('A secret is saved. Leave this empty to keep it.')).toBeVisible();
    await expectNoAxeViolations(page, 'the single sign-on settings');
  });

  await test.step('the Admin signs out', async () => {
    await page.getByRole('button', { name: 'Antoine Adatum' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  await test.step('the Reader signs in with single sign-on, at the provider', async () => {
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(persona.partnerReader);
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.getByRole('textbox', { name: 'E-mail' }).fill(persona.partnerReader);
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page).toHaveURL(new RegExp(`^${ORIGIN}/customers$`));
    await expectPageSettled(page, 'Customers');
    await expect(page.getByRole('button', { name: 'Rémi Lecteur' })).toBeVisible();
    const me = (await (await page.request.get('/api/v1/me')).json()) as Me;
    expect(me.user.email).toBe(persona.partnerReader);
  });
});

test('a refused single sign-on comes back to the sign-in page with a translated message', async ({ page }) => {
  await page.goto('/api/v1/auth/sso/callback?code=forged&state=forged');
  await expect(page).toHaveURL(/\/sign-in\?sso=sso_failed$/);
  await expect(page.getByText('Your identity provider did not confirm who you are.', { exact: false })).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});
