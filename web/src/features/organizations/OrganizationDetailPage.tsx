import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../shared/api';
import { useFormat } from '../../shared/format';
import { NotFound } from '../../shared/ui/NotFound';
import { PageHeader } from '../../shared/ui/PageHeader';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { DetailList } from './DetailList';
import { codeLabel } from './labels';
import { useOrganization } from './queries';
import type { Address, Organization } from './types';

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalXXL },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalM}` },
  link: { color: tokens.colorBrandForegroundLink },
  domains: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

function formatAddress(address: Address, country: string): string {
  return [address.line1, address.line2, `${address.postalCode} ${address.city}`.trim(), address.region, country]
    .filter((part): part is string => Boolean(part))
    .join(', ');
}

/** /organizations/:id — everything the actor may know about one organisation. */
/** One organisation: the one in the URL, or the given one (a customer's own organisation page). */
export function OrganizationDetailPage({ organizationId }: { organizationId?: string } = {}) {
  const params = useParams();
  const id = organizationId ?? params.id ?? '';
  const { t } = useTranslation();
  const organization = useOrganization(id);

  if (organization.isPending) return <LoadingState />;
  if (isApiError(organization.error, 404)) return <NotFound message={t('notFound.organization')} />;
  if (organization.isError)
    return <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />;
  return <OrganizationDetail organization={organization.data} />;
}

function OrganizationDetail({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const none = t('common.none');
  const { relationship, parent } = organization;

  const identity = [
    { label: t('organization.kind'), value: codeLabel(t, 'kind', organization.kind) },
    { label: t('organization.primaryDomain'), value: organization.primaryDomain },
    {
      label: t('organization.verifiedDomains'),
      value:
        organization.verifiedDomains.length > 0 ? (
          <ul className={styles.domains}>
            {organization.verifiedDomains.map((domain) => (
              <li key={domain}>{domain}</li>
            ))}
          </ul>
        ) : (
          none
        ),
    },
    {
      label: t('organization.address'),
      value: formatAddress(organization.address, format.country(organization.address.country)),
    },
    { label: t('organization.country'), value: format.country(organization.country) },
    { label: t('organization.language'), value: codeLabel(t, 'languageName', organization.language) },
    { label: t('organization.directoryTenantId'), value: organization.directoryTenantId ?? none },
    {
      label: t('organization.parent'),
      value: parent ? (
        <Link className={styles.link} to={`/organizations/${encodeURIComponent(parent.id)}`}>
          {parent.name} ({codeLabel(t, 'kind', parent.kind)})
        </Link>
      ) : (
        none
      ),
    },
    { label: t('organization.createdAt'), value: format.date(organization.createdAt) },
  ];

  return (
    <>
      <PageHeader title={organization.name} subtitle={codeLabel(t, 'kind', organization.kind)} />
      <section aria-labelledby="organization-details">
        <Text as="h2" id="organization-details" size={500} weight="semibold" className={styles.heading}>
          {t('organization.details')}
        </Text>
        <DetailList entries={identity} />
      </section>
      <section aria-labelledby="organization-relationship" className={styles.section}>
        <Text as="h2" id="organization-relationship" size={500} weight="semibold" className={styles.heading}>
          {t('organization.relationship')}
        </Text>
        {relationship ? (
          <DetailList
            entries={[
              {
                label: t('organization.relationshipKind'),
                value: codeLabel(t, 'relationship.kind', relationship.kind),
              },
              {
                label: t('organization.relationshipStatus'),
                value: <Badge appearance="tint">{codeLabel(t, 'relationship.status', relationship.status)}</Badge>,
              },
              { label: t('organization.startsAt'), value: format.date(relationship.startsAt) },
              { label: t('organization.endsAt'), value: format.date(relationship.endsAt) },
            ]}
          />
        ) : (
          <Text>{t('organization.noRelationship')}</Text>
        )}
      </section>
    </>
  );
}
