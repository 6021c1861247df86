import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import relais from '../../eslint/relais-boundaries.js';

// ESLint's RuleTester, run by vitest: each invalid case must be reported, each valid one must not.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, sourceType: 'module' } });
const src = path.resolve(import.meta.dirname, '../src');
const at = (file: string) => path.join(src, file);

tester.run('relais/layers', relais.rules.layers, {
  valid: [
    {
      filename: at('features/customers/service.ts'),
      code: "import { relationshipWith } from '../organizations/service.ts';",
    },
    { filename: at('features/customers/routes.ts'), code: "import { CustomerParams } from './schemas.ts';" },
    {
      filename: at('features/servicehealth/schemas.ts'),
      code: "import { healthStates } from '../customers/schemas.ts';",
    },
    {
      filename: at('features/subscriptions/tables.ts'),
      code: "import { skus } from '../../core/catalogue/tables.ts';",
    },
    { filename: at('features/sso/tables.ts'), code: "import { operatorInvitations } from '../operators/tables.ts';" },
    { filename: at('platform/auth/sessions.ts'), code: "import { users } from '../../core/tenancy/users.ts';" },
    { filename: at('platform/mail/limits.ts'), code: "import type { Config } from '../../config.ts';" },
    { filename: at('app.ts'), code: "import { customerRoutes } from './features/customers/routes.ts';" },
    {
      filename: at('features/customers/customers.test.ts'),
      code: "import { subscriptions } from '../subscriptions/tables.ts';",
    },
  ],
  invalid: [
    {
      filename: at('features/customers/service.ts'),
      code: "import { summaryOf } from '../subscriptions/repository.ts';",
      errors: [{ message: /never its repository\.ts/ }],
    },
    {
      filename: at('features/servicehealth/repository.ts'),
      code: "import { subscriptions } from '../subscriptions/tables.ts';",
      errors: [{ message: /never its tables\.ts/ }],
    },
    {
      filename: at('platform/auth/sessions.ts'),
      code: "import { ssoRequiredFor } from '../../features/sso/service.ts';",
      errors: [{ message: /platform\/ may not import a feature/ }],
    },
    {
      filename: at('platform/http/problem.ts'),
      code: "import { tasks } from '../../tasks.ts';",
      errors: [{ message: /platform\/ imports only core\// }],
    },
    {
      filename: at('core/tenancy/visibility.ts'),
      code: "import type { Tx } from '../../platform/db/client.ts';",
      errors: [{ message: /the kernel \(core\/\) imports nothing/ }],
    },
    {
      filename: at('features/customers/service.ts'),
      code: "export { tasks } from '../../tasks.ts';",
      errors: [{ message: /composition root/ }],
    },
  ],
});

tester.run('relais/no-folder-cycle', relais.rules['no-folder-cycle'], {
  valid: [
    {
      filename: at('features/customers/service.ts'),
      code: "import { relationshipWith } from '../organizations/service.ts';",
    },
    {
      filename: at('features/customers/x.test.ts'),
      code: "import { listCustomers } from '../organizations/service.ts';",
    },
  ],
  invalid: [
    {
      // customers already imports organizations: organizations importing customers closes a cycle.
      filename: at('features/organizations/service.ts'),
      code: "import { customerHealthOf } from '../customers/service.ts';",
      errors: [{ message: 'import cycle between folders: organizations → customers → organizations' }],
    },
    {
      // servicehealth → customers → subscriptions → organizations: subscriptions reaching back to servicehealth.
      filename: at('features/subscriptions/service.ts'),
      code: "import { getCustomerHealth } from '../servicehealth/service.ts';",
      errors: [{ message: /import cycle between folders: subscriptions → servicehealth → .*subscriptions/ }],
    },
  ],
});
