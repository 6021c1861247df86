import { sql } from 'drizzle-orm';
import type { RoleName } from '../core/tenancy/roles.ts';
import type { OrganizationKind } from '../core/tenancy/tables.ts';
import { rowsOf } from '../platform/db/client.ts';
import type { SystemTx } from '../platform/db/scope.ts';
import { workspaces, type Category, type Workspace } from '../features/notifications/workspaces.ts';
import { notificationCompletions, notificationItems, notificationStates } from '../features/notifications/tables.ts';

const DAY = 24 * 60 * 60 * 1000;

interface DemoPublication {
  key: string;
  category: Category;
  workspace: Workspace;
  title: { fr: string; en: string };
  body: { fr: string; en: string };
  link: string;
  /** Days from now: published (negative: in the past), due. */
  publishedDays: number;
  dueDays?: number;
  kinds?: OrganizationKind[];
  channelOf?: string;
  roles?: RoleName[];
  withdrawn?: boolean;
}

/**
 * The vendor's publications of the demo: actions of both kinds (open, overdue, one completed here and there) and
 * notifications of both kinds, over several workspaces. The demo's own expiring relationships and subscriptions
 * raise the rest when the worker first runs (the reactions start from the beginning of a seeded log).
 */
const publications: DemoPublication[] = [
  {
    key: 'verify-profile',
    category: 'mandatory',
    workspace: 'account',
    title: { fr: 'Vérifiez votre profil d’entreprise', en: 'Verify your company profile' },
    body: {
      fr: 'Confirmez l’adresse, le pays et le domaine principal de votre organisation avant l’échéance : sans cette vérification, les commandes de votre organisation pourraient être suspendues.',
      en: 'Confirm your organisation’s address, country and primary domain before the due date: without this verification, your organisation’s orders could be suspended.',
    },
    link: '/settings',
    publishedDays: -6,
    dueDays: 12,
    kinds: ['distributor', 'partner'],
  },
  {
    key: 'tax-profile',
    category: 'recommended',
    workspace: 'benefits',
    title: { fr: 'Mettez à jour votre profil fiscal', en: 'Update your tax profile' },
    body: {
      fr: 'Un profil fiscal à jour permet de recevoir vos primes incitatives à temps et avec les bons détails.',
      en: 'An up-to-date tax profile lets you receive your incentive payments on time and with the right details.',
    },
    link: '/rewards',
    publishedDays: -25,
    dueDays: -3,
    kinds: ['partner'],
  },
  {
    key: 'mfa',
    category: 'recommended',
    workspace: 'security',
    title: { fr: 'Activez l’authentification multifacteur', en: 'Turn on multi-factor authentication' },
    body: {
      fr: 'Protégez les comptes de vos opérateurs : configurez l’authentification unique avec votre fournisseur d’identité, qui impose la MFA.',
      en: 'Protect your operators’ accounts: set up single sign-on with your identity provider, which enforces MFA.',
    },
    link: '/settings/sso',
    publishedDays: -2,
    dueDays: 28,
    kinds: ['partner', 'customer'],
  },
  {
    key: 'customer-agreement',
    category: 'mandatory',
    workspace: 'account',
    title: { fr: 'Acceptez le contrat client mis à jour', en: 'Accept the updated customer agreement' },
    body: {
      fr: 'Le contrat client évolue au 1er janvier. Lisez-le et acceptez-le pour continuer à commander.',
      en: 'The customer agreement changes on 1 January. Read and accept it to keep ordering.',
    },
    link: '/organization',
    publishedDays: -10,
    dueDays: 20,
    kinds: ['customer'],
  },
  {
    key: 'benefits-programme',
    category: 'promotional',
    workspace: 'benefits',
    title: { fr: 'Nouveau programme d’avantages en janvier', en: 'A new benefits programme in January' },
    body: {
      fr: 'Des primes sur les renouvellements et des crédits de formation : découvrez si votre organisation est éligible.',
      en: 'Incentives on renewals and training credits: find out whether your organisation is eligible.',
    },
    link: '/rewards',
    publishedDays: -5,
    kinds: ['distributor', 'partner'],
  },
  {
    key: 'price-list',
    category: 'transactional',
    workspace: 'subscriptions',
    title: { fr: 'Liste de prix du premier trimestre publiée', en: 'First-quarter price list published' },
    body: {
      fr: 'Les nouveaux prix s’appliquent aux commandes passées à partir du 1er janvier. Les abonnements en cours gardent leur prix jusqu’à leur renouvellement.',
      en: 'The new prices apply to orders placed from 1 January. Running subscriptions keep their price until renewal.',
    },
    link: '/customers',
    publishedDays: -1,
    channelOf: 'contoso-distribution.example',
  },
  {
    key: 'webinar',
    category: 'promotional',
    workspace: 'customers',
    title: { fr: 'Webinaire : gérer 1 000 clients sans effort', en: 'Webinar: managing 1,000 customers with ease' },
    body: {
      fr: 'Une heure pour découvrir les filtres, les exports et les actions groupées du portail.',
      en: 'One hour to discover the portal’s filters, exports and bulk actions.',
    },
    link: '/customers',
    publishedDays: 3,
    kinds: ['partner'],
  },
  {
    key: 'maintenance',
    category: 'transactional',
    workspace: 'support',
    title: { fr: 'Maintenance planifiée du portail', en: 'Planned portal maintenance' },
    body: { fr: 'Annulée.', en: 'Cancelled.' },
    link: '/',
    publishedDays: -8,
    kinds: ['partner'],
    withdrawn: true,
  },
];

/** Seeds the vendor's publications, a few read and archived states and completions, in the demo's transaction. */
export async function seedNotifications(tx: SystemTx, now: Date) {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const userId = async (email: string) => {
    const [row] = rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM users WHERE email = ${email}`));
    if (!row) throw new Error(`no demo account ${email}`);
    return row.id;
  };
  const orgId = async (domain: string) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`SELECT id FROM organizations WHERE primary_domain = ${domain}`),
    );
    if (!row) throw new Error(`no demo organisation ${domain}`);
    return row.id;
  };
  const vendor = await orgId('northwind.example');
  const publisher = await userId('admin@northwind.example');
  const ids = new Map<string, string>();
  for (const p of publications) {
    const under = p.channelOf ? await orgId(p.channelOf) : null;
    // The reach the vendor's list shows, as the preview would have said at publication.
    const delivered = `{${['admin', ...(p.roles ?? workspaces[p.workspace].roles)].join(',')}}`;
    const kinds = p.kinds ? `{${p.kinds.join(',')}}` : null;
    const [reach] = rowsOf<{ organizations: number; users: number }>(
      await tx.execute(sql`
        WITH o AS (
          SELECT o.id FROM organizations o
           WHERE (${kinds}::text[] IS NULL OR o.kind = ANY(${kinds}::text[]))
             AND (${under}::uuid IS NULL OR o.id = ${under}::uuid
                  OR EXISTS (SELECT 1 FROM organization_access a WHERE a.viewer_id = ${under}::uuid
                                AND a.organization_id = o.id))
        )
        SELECT (SELECT count(*)::int FROM o) AS organizations,
               (SELECT count(*)::int FROM users u JOIN o ON o.id = u.organization_id
                 WHERE u.roles && ${delivered}::text[]) AS users`),
    );
    const [row] = await tx
      .insert(notificationItems)
      .values({
        type: p.category === 'mandatory' || p.category === 'recommended' ? 'action' : 'notification',
        category: p.category,
        workspace: p.workspace,
        titleFr: p.title.fr,
        titleEn: p.title.en,
        bodyFr: p.body.fr,
        bodyEn: p.body.en,
        link: p.link,
        dueAt: p.dueDays === undefined ? null : at(p.dueDays),
        source: 'vendor',
        publishedByOrganizationId: vendor,
        publishedByUserId: publisher,
        roles: p.roles ?? null,
        audienceKinds: p.kinds ?? null,
        audienceUnder: under,
        publishAt: at(p.publishedDays),
        announcedAt: p.publishedDays <= 0 ? at(p.publishedDays) : null,
        withdrawnAt: p.withdrawn ? at(p.publishedDays + 1) : null,
        reachOrganizations: reach?.organizations ?? 0,
        reachUsers: reach?.users ?? 0,
        createdAt: at(Math.min(p.publishedDays, 0) - 0.01),
      })
      .returning({ id: notificationItems.id });
    if (!row) throw new Error(`could not insert ${p.key}`);
    ids.set(p.key, row.id);
  }
  const item = (key: string) => ids.get(key) ?? '';
  // Litware verified its profile; Fourth Coffee accepted the agreement.
  await tx.insert(notificationCompletions).values([
    {
      itemId: item('verify-profile'),
      organizationId: await orgId('litware.example'),
      completedAt: at(-1),
      completedByUserId: await userId('admin@litware.example'),
      via: 'manual',
    },
    {
      itemId: item('customer-agreement'),
      organizationId: await orgId('fourthcoffee.example'),
      completedAt: at(-4),
      completedByUserId: await userId('admin@fourthcoffee.example'),
      via: 'manual',
    },
  ]);
  // Some read, one archived.
  const adatumAdmin = await userId('admin@adatum.example');
  const contosoAdmin = await userId('admin@contoso-distribution.example');
  await tx.insert(notificationStates).values([
    { userId: adatumAdmin, itemId: item('benefits-programme'), readAt: at(-4) },
    { userId: adatumAdmin, itemId: item('tax-profile'), readAt: at(-20) },
    { userId: contosoAdmin, itemId: item('benefits-programme'), readAt: at(-4), archivedAt: at(-3) },
    { userId: await userId('admin@litware.example'), itemId: item('benefits-programme'), readAt: at(-2) },
  ]);
}
