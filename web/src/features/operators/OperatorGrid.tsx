import { useMemo, type ReactNode } from 'react';
import {
  Badge,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/format';
import { VisuallyHidden } from '../../shared/ui/VisuallyHidden';
import type { OperatorSort, SortOrder } from './listParams';
import { OperatorActions, type OperatorAction } from './OperatorActions';
import { OperatorName } from './OperatorName';
import { roleList } from './roles';
import type { Operator, OperatorStatus } from './types';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', minWidth: 0 },
  grid: { minWidth: '860px' },
  busy: { opacity: 0.6, transitionProperty: 'opacity', transitionDuration: tokens.durationNormal },
  cell: { minWidth: 0, paddingBlock: tokens.spacingVerticalS },
  name: { flexGrow: 3, flexBasis: '12em', minWidth: '9em' },
  email: { flexGrow: 3, flexBasis: '14em', minWidth: '10em' },
  roles: { flexGrow: 2, flexBasis: '11em', minWidth: '8em' },
  status: { flexGrow: 0, flexShrink: 0, flexBasis: '10em' },
  date: { flexGrow: 0, flexShrink: 0, flexBasis: '11em' },
  count: { flexGrow: 0, flexShrink: 0, flexBasis: '10em' },
  actions: { flexGrow: 0, flexShrink: 0, flexBasis: '4em', justifyContent: 'flex-end' },
  wrap: { overflowWrap: 'anywhere' },
  secondary: { display: 'block', color: tokens.colorNeutralForeground2 },
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

type ColumnId = 'name' | 'email' | 'roles' | 'status' | 'lastSignIn' | 'expires' | 'sends' | 'actions';

const COLUMNS: Record<OperatorStatus, readonly ColumnId[]> = {
  active: ['name', 'email', 'roles', 'status', 'lastSignIn', 'actions'],
  pending: ['name', 'email', 'roles', 'status', 'expires', 'sends', 'actions'],
};
const SORTABLE = new Set<ColumnId>(['name', 'email', 'lastSignIn']);
/** People look for who signed in most recently: the first click on the last sign-in sorts descending. */
const DESCENDING_FIRST = new Set<ColumnId>(['lastSignIn']);

/**
 * Sorting happens on the server: `compare` only marks a column sortable and keeps the server's order. Fluent tells a
 * sortable column by its comparator's arity, hence the two unused parameters.
 */
const serverSorted = (_a: Operator, _b: Operator) => 0;

interface OperatorGridProps {
  status: OperatorStatus;
  /** The grid's accessible name (the tab's name). */
  label: string;
  items: Operator[];
  sort: OperatorSort;
  order: SortOrder;
  onSort: (sort: OperatorSort, order: SortOrder) => void;
  onAction: (operator: Operator, action: OperatorAction, trigger: HTMLElement | null) => void;
  /** Rows of the previous search or sort shown while the new ones load. */
  busy: boolean;
}

/**
 * The operators of one tab in a server-sorted Fluent DataGrid: sortable headers are buttons with `aria-sort`, the
 * arrow keys move between cells, and each row ends with its actions menu.
 */
export function OperatorGrid({ status, label, items, sort, order, onSort, onAction, busy }: OperatorGridProps) {
  const styles = useStyles();
  const columns = useColumns(status, onAction);
  const layout: Record<ColumnId, string> = {
    name: styles.name,
    email: styles.email,
    roles: styles.roles,
    status: styles.status,
    lastSignIn: styles.date,
    expires: styles.date,
    sends: styles.count,
    actions: styles.actions,
  };
  return (
    <div className={styles.scroller}>
      <DataGrid
        aria-label={label}
        aria-busy={busy}
        className={mergeClasses(styles.grid, busy && styles.busy)}
        items={items}
        columns={columns}
        getRowId={(item: Operator) => item.id}
        sortable
        sortState={{ sortColumn: sort, sortDirection: order === 'desc' ? 'descending' : 'ascending' }}
        onSortChange={(_event, state) => {
          const column = state.sortColumn as OperatorSort | undefined;
          if (!column) return;
          const first = column !== sort && DESCENDING_FIRST.has(column);
          onSort(column, first || state.sortDirection === 'descending' ? 'desc' : 'asc');
        }}
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell, columnId }) => (
              <DataGridHeaderCell className={layout[columnId as ColumnId]}>{renderHeaderCell()}</DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<Operator>>
          {({ item, rowId }) => (
            <DataGridRow<Operator> key={rowId}>
              {({ renderCell, columnId }) => (
                <DataGridCell
                  className={mergeClasses(styles.cell, layout[columnId as ColumnId])}
                  // The actions cell holds one button: the arrow keys land on it, not on the cell around it.
                  focusMode={columnId === 'actions' ? 'none' : 'cell'}
                >
                  {renderCell(item)}
                </DataGridCell>
              )}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}

function useColumns(status: OperatorStatus, onAction: OperatorGridProps['onAction']) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  return useMemo(() => {
    const render: Record<ColumnId, (item: Operator) => ReactNode> = {
      name: (item) => <OperatorName operator={item} />,
      email: (item) => <span className={styles.wrap}>{item.email}</span>,
      roles: (item) => roleList(t, item.roles),
      status: (item) => <StatusBadge operator={item} />,
      lastSignIn: (item) => (item.lastSignInAt ? format.dateTime(item.lastSignInAt) : t('operators.neverSignedIn')),
      expires: (item) =>
        item.invitation && item.invitation.sendCount > 0 ? format.date(item.invitation.expiresAt) : t('common.none'),
      sends: (item) => {
        const sent = item.invitation?.sendCount ?? 0;
        return (
          <span className={styles.stack}>
            {t('operators.sendCount', { count: sent, formatted: format.number(sent) })}
            {item.invitation && sent > 0 ? (
              <Text size={200} className={styles.secondary}>
                {t('operators.lastSent', { date: format.date(item.invitation.lastSentAt) })}
              </Text>
            ) : null}
          </span>
        );
      },
      actions: (item) => <OperatorActions operator={item} onAction={onAction} />,
    };
    const columns: Array<TableColumnDefinition<Operator>> = COLUMNS[status].map((id) =>
      createTableColumn<Operator>({
        columnId: id,
        compare: SORTABLE.has(id) ? serverSorted : undefined,
        renderHeaderCell: () =>
          id === 'actions' ? (
            <VisuallyHidden>{t('operators.columns.actions')}</VisuallyHidden>
          ) : (
            t(`operators.columns.${id}`)
          ),
        renderCell: render[id],
      }),
    );
    return columns;
  }, [t, styles, format, status, onAction]);
}

function StatusBadge({ operator }: { operator: Operator }) {
  const { t } = useTranslation();
  const invitation = operator.invitation;
  if (operator.status === 'active') {
    return (
      <Badge appearance="tint" color="success">
        {t('operators.status.active')}
      </Badge>
    );
  }
  if (invitation?.expired) {
    return (
      <Badge appearance="tint" color="danger">
        {t('operators.status.expired')}
      </Badge>
    );
  }
  if (!invitation || invitation.sendCount === 0) {
    return (
      <Badge appearance="tint" color="informative">
        {t('operators.status.notInvited')}
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color="warning">
      {t('operators.status.invited')}
    </Badge>
  );
}
