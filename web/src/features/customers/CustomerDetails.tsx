import type { ReactNode } from 'react';
import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/format';
import { DueDate } from '../../shared/ui/DueDate';
import { ExternalLink } from '../../shared/ui/ExternalLink';
import { DetailList } from '../organizations/DetailList';
import { codeLabel } from '../organizations/labels';
import { SubscriptionsTable } from './SubscriptionsTable';
import type { CustomerDetail } from './types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalM}` },
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(8em, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  figure: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  figureLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  figureValue: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  links: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground2 },
  address: { fontStyle: 'normal' },
  providers: { marginTop: tokens.spacingVerticalM },
  link: { color: tokens.colorBrandForegroundLink },
});

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section aria-labelledby={id}>
      <Text as="h3" id={id} size={400} weight="semibold" className={styles.heading}>
        {title}
      </Text>
      {children}
    </section>
  );
}

function formatAddress(detail: CustomerDetail, country: string): string[] {
  const { address } = detail;
  return [address.line1, address.line2, `${address.postalCode} ${address.city}`.trim(), address.region, country].filter(
    (part): part is string => Boolean(part),
  );
}

/** The "Details" tab of a customer's pane: figures, organisation, relationship, admin centres, subscriptions. */
export function CustomerDetails({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const none = t('common.none');
  const { relationship } = customer;
  const id = (part: string) => `customer-${customer.id}-${part}`;

  return (
    <div className={styles.root}>
      <dl className={styles.figures}>
        <div className={styles.figure}>
          <dt className={styles.figureLabel}>{t('customers.columns.licences')}</dt>
          <dd className={styles.figureValue}>{format.number(customer.subscriptionsSummary.licences)}</dd>
        </div>
        <div className={styles.figure}>
          <dt className={styles.figureLabel}>{t('customers.details.activeSubscriptions')}</dt>
          <dd className={styles.figureValue}>{format.number(customer.subscriptionsSummary.active)}</dd>
        </div>
        <div className={styles.figure}>
          <dt className={styles.figureLabel}>{t('customers.columns.nextExpiry')}</dt>
          <dd className={styles.figureValue}>
            <DueDate iso={customer.subscriptionsSummary.nextExpiry} soon={customer.expiringSoon} />
          </dd>
        </div>
        <div className={styles.figure}>
          <dt className={styles.figureLabel}>{t('customers.columns.openServiceRequests')}</dt>
          <dd className={styles.figureValue}>{format.number(customer.openServiceRequests)}</dd>
        </div>
      </dl>

      <Section id={id('organization')} title={t('customers.details.organization')}>
        <DetailList
          entries={[
            { label: t('organization.primaryDomain'), value: customer.primaryDomain },
            {
              label: t('organization.verifiedDomains'),
              value:
                customer.verifiedDomains.length > 0 ? (
                  <ul className={styles.list}>
                    {customer.verifiedDomains.map((domain) => (
                      <li key={domain}>{domain}</li>
                    ))}
                  </ul>
                ) : (
                  none
                ),
            },
            { label: t('organization.directoryTenantId'), value: customer.directoryTenantId ?? none },
            {
              label: t('organization.address'),
              value: (
                <address className={styles.address}>
                  {formatAddress(customer, format.country(customer.address.country)).map((line) => (
                    <span key={line}>
                      {line}
                      <br />
                    </span>
                  ))}
                </address>
              ),
            },
            { label: t('organization.language'), value: codeLabel(t, 'languageName', customer.language) },
          ]}
        />
      </Section>

      <Section id={id('relationship')} title={t('customers.details.relationship')}>
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
        {customer.providers.length > 0 ? (
          <div className={styles.providers}>
            <DetailList
              entries={[
                {
                  label: t('customers.details.providers'),
                  value: (
                    <ul className={styles.list}>
                      {customer.providers.map((provider) => (
                        <li key={provider.id}>
                          {provider.name} ({codeLabel(t, 'kind', provider.kind)})
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          </div>
        ) : null}
      </Section>

      <Section id={id('admin-centers')} title={t('customers.details.adminCenters')}>
        {customer.adminCenters.length > 0 ? (
          <ul className={styles.links}>
            {customer.adminCenters.map((center) => (
              <li key={center.url}>
                <ExternalLink href={center.url}>{center.name}</ExternalLink>
                <span className={styles.muted}> · {center.product}</span>
              </li>
            ))}
          </ul>
        ) : (
          <Text className={styles.muted}>{t('customers.details.noAdminCenters')}</Text>
        )}
      </Section>

      <Section id={id('subscriptions')} title={t('customers.details.subscriptions')}>
        <SubscriptionsTable customerId={customer.id} customerName={customer.name} />
      </Section>

      <Link className={styles.link} to={`/organizations/${encodeURIComponent(customer.id)}`}>
        {t('customers.details.organizationPage')}
      </Link>
    </div>
  );
}
