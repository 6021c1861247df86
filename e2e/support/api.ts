import { expect, type APIRequestContext } from '@playwright/test';

/** The shapes of docs/api-contract.md that the journeys read. */
export interface Me {
  user: { id: string; email: string; displayName: string; language: 'fr' | 'en' | null };
  organization: { id: string; kind: 'vendor' | 'distributor' | 'partner' | 'customer'; name: string };
  roles: string[];
  permissions: string[];
  pages: string[];
}

export interface OrganizationSummary {
  id: string;
  kind: string;
  name: string;
  primaryDomain: string;
}

interface Collection<T> {
  totalCount: number;
  items: T[];
  links: { self: string; next?: string };
}

export async function getMe(request: APIRequestContext): Promise<Me> {
  const response = await request.get('/api/v1/me');
  expect(response.status(), 'GET /api/v1/me').toBe(200);
  return (await response.json()) as Me;
}

/** Every organisation of a kind the caller may see, following `links.next` to the end. */
export async function listOrganizations(
  request: APIRequestContext,
  query: { kind: string; search?: string },
): Promise<OrganizationSummary[]> {
  const items: OrganizationSummary[] = [];
  let next: string | undefined = `/api/v1/organizations?${new URLSearchParams({ size: '500', ...query }).toString()}`;
  while (next) {
    const response = await request.get(next);
    expect(response.status(), `GET ${next}`).toBe(200);
    const page = (await response.json()) as Collection<OrganizationSummary>;
    items.push(...page.items);
    next = page.links.next;
  }
  return items;
}

/**
 * Waits until the development mailbox holds a message with this subject for this recipient, asking the API (the
 * worker hands the outbox over every two seconds): the journey then opens the mailbox page once, with the message in it.
 */
export async function waitForMail(request: APIRequestContext, recipient: string, subject: string): Promise<void> {
  const url = `/api/v1/dev/mailbox?${new URLSearchParams({ recipient }).toString()}`;
  await expect
    .poll(
      async () => {
        const response = await request.get(url);
        expect(response.status(), `GET ${url}`).toBe(200);
        const page = (await response.json()) as Collection<{ subject: string }>;
        return page.items.map((m) => m.subject);
      },
      { message: `a mail "${subject}" to ${recipient}`, timeout: 15_000 },
    )
    .toContain(subject);
}
