import { useTranslation } from 'react-i18next';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { ActivationLinksPage } from '../features/activation/ActivationLinksPage';
import { SignInPage } from '../features/auth/SignInPage';
import { useCurrentUser } from '../features/auth/session';
import type { PageName } from '../features/auth/types';
import { AuditLogPage } from '../features/auditlog/AuditLogPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { DistributorsPage } from '../features/distributors/DistributorsPage';
import { MailboxPage } from '../features/mailbox/MailboxPage';
import { NotificationCenterPage } from '../features/notifications/NotificationCenterPage';
import { PublicationsPage } from '../features/notifications/PublicationsPage';
import { InvitationPage } from '../features/invitation/InvitationPage';
import { OnboardingPage } from '../features/onboarding/OnboardingPage';
import { OperatorsPage } from '../features/operators/OperatorsPage';
import { OrganizationDetailPage } from '../features/organizations/OrganizationDetailPage';
import { PartnersPage } from '../features/partners/PartnersPage';
import { RelationshipsPage } from '../features/relationships/RelationshipsPage';
import { RelationshipsShortcut } from '../features/relationships/RelationshipsShortcut';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SsoSettingsPage } from '../features/sso/SsoSettingsPage';
import { TokensPage } from '../features/tokens/TokensPage';
import { ComingSoon } from '../shared/ui/ComingSoon';
import { NotFound } from '../shared/ui/NotFound';
import { RouteErrorPage } from './ErrorPage';
import { HomePage } from './HomePage';
import { RequirePage } from './RequirePage';
import { Shell } from './Shell';

/** A customer's own organisation, from the signed-in user's profile. */
function MyOrganizationPage() {
  const me = useCurrentUser();
  return (
    <>
      <OrganizationDetailPage organizationId={me.organization.id} />
      <RelationshipsShortcut />
    </>
  );
}

function ComingSoonPage({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return <ComingSoon title={t(titleKey)} />;
}

/** A route that exists only for users whose `me.pages` lists `page`. */
function page(path: string, name: PageName, element: React.ReactNode): RouteObject {
  return { path, element: <RequirePage page={name}>{element}</RequirePage> };
}

const routes: RouteObject[] = [
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/activate/:token', element: <OnboardingPage /> },
      { path: '/invitation/:token', element: <InvitationPage /> },
      { path: '/dev/mailbox', element: <MailboxPage /> },
      {
        path: '/',
        element: <Shell />,
        children: [
          { index: true, element: <HomePage /> },
          page('customers', 'customers', <CustomersPage />),
          page('customers/activation-links', 'customers', <ActivationLinksPage />),
          page('partners', 'partners', <PartnersPage />),
          page('distributors', 'distributors', <DistributorsPage />),
          { path: 'organizations/:id', element: <OrganizationDetailPage /> },
          page('organization', 'organization', <MyOrganizationPage />),
          { path: 'relationships', element: <RelationshipsPage /> },
          page('notifications', 'notifications', <NotificationCenterPage />),
          page('notifications/publications', 'publications', <PublicationsPage />),
          page('rewards', 'rewards', <ComingSoonPage titleKey="nav.rewards" />),
          page('settings', 'settings', <SettingsPage />),
          page('settings/operators', 'operators', <OperatorsPage />),
          page('settings/sso', 'sso', <SsoSettingsPage />),
          page('settings/tokens', 'tokens', <TokensPage />),
          page('settings/audit-log', 'auditlog', <AuditLogPage />),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
