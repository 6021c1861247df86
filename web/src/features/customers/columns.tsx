import { useMemo } from 'react';
import { createTableColumn, makeStyles, tokens, Tooltip, type TableColumnDefinition } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/format';
import { DueDate } from '../../shared/ui/DueDate';
import { TruncatedList, TruncatedListTooltip } from '../../shared/ui/TruncatedList';
import { HealthIcon } from '../servicehealth/HealthIcon';
import type { ColumnLayout } from './ChannelGrid';
import type { SortColumn } from './listParams';
import type { ListRow, OrganizationFigures } from './types';

const useStyles = makeStyles({
  name: { flexGrow: 3, flexBasis: '14em', minWidth: '10em' },
  domain: { flexGrow: 2, flexBasis: '12em', minWidth: '8em' },
  health: { flexGrow: 0, flexShrink: 0, flexBasis: '8.5em' },
  count: { flexGrow: 0, flexShrink: 0, flexBasis: '8.5em' },
  expiry: { flexGrow: 0, flexShrink: 0, flexBasis: '10em' },
  skus: { flexGrow: 2, flexBasis: '12em', minWidth: '8em' },
  link: {
    // Brand foreground 2, not the link colour: it keeps 4.5:1 on the hovered row's background in the dark theme.
    color: tokens.colorBrandForeground2,
    fontWeight: tokens.fontWeightSemibold,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    display: 'block',
  },
  truncate: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  healthLink: {
    display: 'inline-flex',
    alignItems: 'center',
    padding: tokens.spacingHorizontalXXS,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type ColumnId = SortColumn | 'skus';

/** Where the name and the health icon of a row lead. */
export interface RowLinks<T> {
  /** The row's name link: a customer's pane, or a partner's organisation page. */
  name: (item: T) => string;
  /** The health icon's link for a customer with an advisory or incident; none on partner lists. */
  health?: (item: T) => string;
}

/** The columns of a list, in order: customers, or partners/distributors (with their customer count). */
function columnIds(withCustomerCount: boolean): ColumnId[] {
  return withCustomerCount
    ? ['name', 'domain', 'customerCount', 'licences', 'nextExpiry', 'skus', 'health']
    : ['name', 'domain', 'health', 'openServiceRequests', 'licences', 'nextExpiry', 'skus'];
}

const serverSorted = (_a: unknown, _b: unknown) => 0;

function headerLabel(t: TFunction, id: ColumnId): string {
  return t(`customers.columns.${id}`);
}

/**
 * The columns of the Customers, Partners and Distributors grids. Sorting happens on the server: `compare` only marks
 * a column sortable and keeps the server's order.
 */
export function useListColumns<T extends ListRow>(withCustomerCount: boolean, links: RowLinks<T>) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const { name: nameHref, health: healthHref } = links;

  return useMemo(() => {
    const render: Record<ColumnId, (item: T) => React.ReactNode> = {
      name: (item) => (
        <Link to={nameHref(item)} className={styles.link}>
          {item.name}
        </Link>
      ),
      domain: (item) => <span className={styles.truncate}>{item.primaryDomain}</span>,
      health: (item) => {
        const state = t(`serviceHealth.state.${item.health}`);
        if (item.health === 'healthy' || !healthHref) return <HealthIcon health={item.health} labelled />;
        return (
          <Tooltip content={state} relationship="description" withArrow>
            <Link
              to={healthHref(item)}
              className={styles.healthLink}
              aria-label={t('customers.healthLink', { name: item.name })}
            >
              <HealthIcon health={item.health} />
            </Link>
          </Tooltip>
        );
      },
      openServiceRequests: (item) => format.number(item.openServiceRequests),
      licences: (item) => format.number(item.licences),
      customerCount: (item) => format.number((item as OrganizationFigures).customerCount),
      nextExpiry: (item) => <DueDate iso={item.nextExpiry} soon={item.expiringSoon} />,
      skus: (item) => <TruncatedList items={item.skus} />,
    };
    const columns: Array<TableColumnDefinition<T>> = columnIds(withCustomerCount).map((id) =>
      createTableColumn<T>({
        columnId: id,
        compare: id === 'skus' ? undefined : serverSorted,
        renderHeaderCell: () => headerLabel(t, id),
        renderCell: render[id],
      }),
    );
    const layout: Record<string, ColumnLayout<T>> = {
      name: { className: styles.name, interactive: true },
      domain: { className: styles.domain },
      health: { className: styles.health, interactive: Boolean(healthHref) },
      openServiceRequests: { className: styles.count },
      licences: { className: styles.count },
      customerCount: { className: styles.count },
      nextExpiry: { className: styles.expiry },
      skus: {
        className: styles.skus,
        tooltip: (item) => (item.skus.length > 1 ? <TruncatedListTooltip items={item.skus} /> : undefined),
      },
    };
    return { columns, layout };
  }, [t, styles, format, nameHref, healthHref, withCustomerCount]);
}
