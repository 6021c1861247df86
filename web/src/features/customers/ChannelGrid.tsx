import { useMemo, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  mergeClasses,
  tokens,
  Tooltip,
  useArrowNavigationGroup,
  useFocusableGroup,
  type TableColumnDefinition,
  type TableColumnId,
} from '@fluentui/react-components';
import type { SortColumn, SortOrder } from './listParams';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', minWidth: 0 },
  grid: { minWidth: '760px' },
  busy: { opacity: 0.6, transitionProperty: 'opacity', transitionDuration: tokens.durationNormal },
  row: { cursor: 'pointer' },
  cell: { minWidth: 0, overflow: 'hidden' },
});

/** How one column lays out: its flex share and width, and whether its cell holds a single link. */
export interface ColumnLayout<T> {
  className: string;
  /** The cell's content is one interactive element (a link): focus goes to it, not to the cell. */
  interactive?: boolean;
  /** What the cell shows in full in a tooltip when hovered or focused (its text is already read in full). */
  tooltip?: (item: T) => ReactElement | undefined;
}

export interface ChannelGridProps<T extends { id: string; name: string }> {
  /** The grid's accessible name, the page's title ("Customers"). */
  label: string;
  items: T[];
  columns: Array<TableColumnDefinition<T>>;
  layout: Record<string, ColumnLayout<T> | undefined>;
  sort: SortColumn;
  order: SortOrder;
  onSort: (sort: SortColumn, order: SortOrder) => void;
  /** The row people chose (the customer whose pane is open), marked `aria-selected`. */
  selectedId?: string | undefined;
  /** Selecting rows is possible at all: rows then carry `aria-selected`. */
  selectable: boolean;
  /** A click, Enter or Space on a row. */
  onActivate: (item: T) => void;
  /** Rows of a previous sort or filter shown while the new ones load. */
  busy?: boolean;
}

/** Columns people most often sort worst-first: their first click sorts descending. */
const DESCENDING_FIRST = new Set<TableColumnId>(['health']);

/** Every element a click may land on that has its own action: a click there is not a row selection. */
function isInsideInteractive(target: EventTarget, row: Element): boolean {
  if (!(target instanceof Element)) return false;
  const interactive = target.closest('a, button, input, select, textarea, [role="button"], [role="link"]');
  return interactive !== null && row.contains(interactive) && interactive !== row;
}

/**
 * A server-sorted Fluent DataGrid: the header cells are sort buttons with `aria-sort`, each row is one stop of the
 * arrow-key navigation (Right enters its cells, Left or Escape leaves them), and a click, Enter or Space on a row
 * activates it. The rows arrive already sorted: the grid never reorders them.
 */
export function ChannelGrid<T extends { id: string; name: string }>(props: ChannelGridProps<T>) {
  const { label, items, columns, layout, sort, order, onSort, busy = false } = props;
  const styles = useStyles();
  return (
    <div className={styles.scroller}>
      <DataGrid
        aria-label={label}
        aria-busy={busy}
        className={mergeClasses(styles.grid, busy && styles.busy)}
        items={items}
        columns={columns}
        getRowId={(item: T) => item.id}
        focusMode="composite"
        sortable
        sortState={{ sortColumn: sort, sortDirection: order === 'desc' ? 'descending' : 'ascending' }}
        onSortChange={(_event, state) => {
          const column = state.sortColumn as SortColumn | undefined;
          if (!column) return;
          const first = column !== sort && DESCENDING_FIRST.has(column);
          onSort(column, first || state.sortDirection === 'descending' ? 'desc' : 'asc');
        }}
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell, columnId }) => (
              <DataGridHeaderCell className={layout[String(columnId)]?.className}>
                {renderHeaderCell()}
              </DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<T>>{({ item }) => <GridRow key={item.id} item={item} {...props} />}</DataGridBody>
      </DataGrid>
    </div>
  );
}

function GridRow<T extends { id: string; name: string }>({
  item,
  layout,
  selectedId,
  selectable,
  onActivate,
}: ChannelGridProps<T> & { item: T }) {
  const styles = useStyles();
  const tabster = useRowTabsterAttributes();
  const selected = selectable && item.id === selectedId;

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (isInsideInteractive(event.target, event.currentTarget)) return;
    onActivate(item);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    onActivate(item);
  };

  return (
    <DataGridRow<T>
      {...tabster}
      data-row-id={item.id}
      className={styles.row}
      aria-selected={selectable ? selected : undefined}
      appearance={selected ? 'brand' : 'none'}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      {({ renderCell, columnId }) => {
        const column = layout[String(columnId)];
        const cell = (
          <DataGridCell
            className={mergeClasses(styles.cell, column?.className)}
            focusMode={column?.interactive ? 'none' : 'cell'}
          >
            {renderCell(item)}
          </DataGridCell>
        );
        const tooltip = column?.tooltip?.(item);
        return tooltip ? (
          <Tooltip content={tooltip} relationship="inaccessible" withArrow>
            {cell}
          </Tooltip>
        ) : (
          cell
        );
      }}
    </DataGridRow>
  );
}

/**
 * The row's keyboard behaviour in the grid: arrows move between its cells once inside (as Fluent's composite mode
 * does), and Enter is left to the row, which selects it, instead of entering the cells.
 */
function useRowTabsterAttributes(): Record<string, string> {
  const arrows = useArrowNavigationGroup({ axis: 'horizontal' });
  const group = useFocusableGroup({ tabBehavior: 'limited-trap-focus', ignoreDefaultKeydown: { Enter: true } });
  const arrowsJson = arrows['data-tabster'];
  const groupJson = group['data-tabster'];
  return useMemo(() => mergeTabster(arrowsJson, groupJson), [arrowsJson, groupJson]);
}

/** Tabster reads one JSON attribute per element: two behaviours on one element are merged into it. */
function mergeTabster(...attributes: Array<string | undefined>): Record<string, string> {
  const merged: Record<string, unknown> = {};
  for (const attribute of attributes) {
    if (attribute) Object.assign(merged, JSON.parse(attribute) as Record<string, unknown>);
  }
  return { 'data-tabster': JSON.stringify(merged) };
}
