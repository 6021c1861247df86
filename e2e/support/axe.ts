import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Fluent UI's focus manager (Tabster) adds `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` focus guards that
 * only bounce focus to the right element; axe reports them as aria-hidden-focus. This is Fluent's documented known
 * issue (microsoft/tabster#288, microsoft/fluentui#25133), so those guards, and nothing else, are left out of the scan.
 */
const TABSTER_FOCUS_GUARDS = '[data-tabster-dummy]';

/** Runs axe on the page as it is now and fails with one readable line per violation and element. */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).exclude(TABSTER_FOCUS_GUARDS).analyze();
  const violations = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} [${violation.impact ?? 'n/a'}] ${violation.help} — ${node.target.join(' ')}\n` +
        `    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}\n    ${violation.helpUrl}`,
    ),
  );
  expect(violations, `accessibility violations on ${what}:\n${violations.join('\n')}`).toEqual([]);
}
