import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signIn } from '../support/auth.ts';
import { persona } from '../support/demo.ts';
import { expectPageSettled } from '../support/pages.ts';

test('an API token is created in the app, works as a bearer token, and stops working once revoked', async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = `E2E script ${randomUUID().slice(0, 8)}`;
  await signIn(page, persona.partnerAdmin);
  await page.goto('/settings/tokens');
  await expectPageSettled(page, 'API tokens');

  await page.getByRole('button', { name: 'New token' }).click();
  const createDialog = page.getByRole('dialog', { name: 'New API token' });
  await createDialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await createDialog.getByRole('spinbutton', { name: 'Expires in (days)' }).fill('30');
  await createDialog.getByRole('button', { name: 'Create token' }).click();

  const createdDialog = page.getByRole('alertdialog', { name: 'Token created' });
  const secretField = createdDialog.getByRole('textbox', { name: 'Your new token' });
  await expect(secretField).toHaveValue(/^rls_\S{20,}$/);
  const secret = await secretField.inputValue();
  await createdDialog.getByRole('button', { name: 'Done' }).click();
  await expect(createdDialog).toBeHidden();

  // Shown once: the list has the token's name, never its secret, not even after a reload.
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(page.locator('body')).not.toContainText(secret);
  await expect(page.getByRole('textbox', { name: 'Your new token' })).toHaveCount(0);

  // A client with no cookies at all, only the token.
  const script = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const bearer = { authorization: `Bearer ${secret}` };
    const before = await script.get('/api/v1/me', { headers: bearer });
    expect(before.status()).toBe(200);
    expect(((await before.json()) as { user: { email: string } }).user.email).toBe(persona.partnerAdmin);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke this token?' });
    await expect(confirm).toContainText(name);
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);

    const after = await script.get('/api/v1/me', { headers: bearer });
    expect(after.status()).toBe(401);
  } finally {
    await script.dispose();
  }
});
