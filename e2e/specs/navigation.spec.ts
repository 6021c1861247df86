import { expect, test } from '@playwright/test';
import { getMe } from '../support/api.ts';
import { signIn } from '../support/auth.ts';
import { persona } from '../support/demo.ts';
import { mainNavigation, navLabels } from '../support/pages.ts';

/** The links whose presence depends on the persona, in navigation order. */
const checked = ['Customers', 'Partners', 'Distributors', 'My organisation', 'Operators', 'Audit log'];

/** Which of the `checked` links each demo persona must see in the navigation; it must not see the others. */
const table: { email: string; who: string; links: string[] }[] = [
  {
    email: persona.vendorAdmin,
    who: 'vendor admin',
    links: ['Customers', 'Partners', 'Distributors', 'Operators', 'Audit log'],
  },
  {
    email: persona.distributorAdmin,
    who: 'distributor admin',
    links: ['Customers', 'Partners', 'Operators', 'Audit log'],
  },
  {
    email: persona.partnerAdmin,
    who: 'partner admin',
    links: ['Customers', 'Operators', 'Audit log'],
  },
  {
    email: persona.partnerReader,
    who: 'partner reader',
    links: ['Customers'],
  },
  {
    email: persona.customerAdmin,
    who: 'customer admin',
    links: ['My organisation', 'Operators', 'Audit log'],
  },
];

for (const { email, who, links } of table) {
  test(`the ${who} (${email}) sees exactly the pages the server allows`, async ({ page }) => {
    await signIn(page, email);
    const me = await getMe(page.request);

    // The server's list and the persona table must agree...
    const unknown = me.pages.filter((name) => navLabels[name] === undefined);
    expect(unknown, 'pages of me.pages that this suite does not know: add them to support/pages.ts').toEqual([]);
    const fromServer = me.pages.map((name) => navLabels[name] ?? name);
    expect(
      fromServer.filter((label) => checked.includes(label)),
      `me.pages of ${email}`,
    ).toEqual(links);

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
