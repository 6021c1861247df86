import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page as it is now and fails with one readable line per violation and element. */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} [${violation.impact ?? 'n/a'}] ${violation.help} — ${node.target.join(' ')}\n` +
        `    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}\n    ${violation.helpUrl}`,
    ),
  );
  expect(violations, `accessibility violations on ${what}:\n${violations.join('\n')}`).toEqual([]);
}
