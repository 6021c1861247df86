import { expect, test } from '@playwright/test';
import { getMe } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { persona } from '../support/demo.ts';
import { mainNavigation, navLabels } from '../support/pages.ts';

/** Which of the organisation lists, Operators and Audit log each demo persona must see in the navigation. */
const table: { email: string; who: string; links: string[]; absent: string[] }[] = [
  {
    email: persona.vendorAdmin,
    who: 'vendor admin',
    links: ['Customers', 'Partners', 'Distributors', 'Operators', 'Audit log'],
    absent: [],
  },
  {
    email: persona.distributorAdmin,
    who: 'distributor admin',
    links: ['Customers', 'Partners', 'Operators', 'Audit log'],
    absent: ['Distributors'],
  },
  {
    email: persona.partnerAdmin,
    who: 'partner admin',
    links: ['Customers', 'Operators', 'Audit log'],
    absent: ['Partners', 'Distributors'],
  },
  {
    email: persona.partnerReader,
    who: 'partner reader',
    links: ['Customers'],
    absent: ['Partners', 'Distributors', 'Operators', 'Audit log'],
  },
  {
    email: persona.customerAdmin,
    who: 'customer admin',
    links: ['Operators', 'Audit log'],
    absent: ['Customers', 'Partners', 'Distributors'],
  },
];

const checked = ['Customers', 'Partners', 'Distributors', 'Operators', 'Audit log'];

for (const { email, who, links, absent } of table) {
  test(`the ${who} (${email}) sees exactly the pages the server allows`, async ({ page }) => {
    await signIn(page, email);
    const me = await getMe(page.request);

    // The server's list and the persona table must agree...
    const fromServer = me.pages.flatMap((name) => navLabels[name] ?? []);
    for (const label of links) expect(fromServer, `me.pages of ${email}`).toContain(label);
    for (const label of absent) expect(fromServer, `me.pages of ${email}`).not.toContain(label);

    // ...and the navigation shows exactly the server's list, in its order.
    await page.goto('/');
    const navigation = mainNavigation(page);
    await expect(navigation.getByRole('link')).toHaveText(fromServer);
    for (const label of checked) {
      await expect(navigation.getByRole('link', { name: label, exact: true })).toHaveCount(
        links.includes(label) ? 1 : 0,
      );
    }
  });
}
