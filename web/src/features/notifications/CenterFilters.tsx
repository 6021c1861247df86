import { Button, Checkbox, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { FilterDismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { SearchForm } from '../../shared/ui/SearchForm';
import { workspaceName } from './labels';
import { categoriesOfTab, isFiltered, type CenterChanges, type CenterView } from './listParams';
import { ACTION_STATES, isActionState, isCategory, isWorkspace, WORKSPACES } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalL,
  },
  search: { maxWidth: '560px' },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  legend: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  select: { minWidth: '12em' },
  date: { minWidth: '11em' },
  unread: { paddingBottom: tokens.spacingVerticalXXS },
});

interface CenterFiltersProps {
  view: CenterView;
  update: (changes: CenterChanges) => void;
}

/**
 * The search in titles (Enter applies it) and the filters of the tab, which apply at once: workspace, category,
 * and for actions their state, due date and sort; for notifications, unread only.
 */
export function CenterFilters({ view, update }: CenterFiltersProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const actions = view.tab === 'actions';
  return (
    <div className={styles.root}>
      <div className={styles.search}>
        <SearchForm
          key={view.q}
          label={t('notifications.filters.search')}
          value={view.q}
          onSearch={(q) => {
            update({ q, item: null });
          }}
        />
      </div>
      <fieldset className={styles.filters}>
        <legend className={styles.legend}>{t('notifications.filters.label')}</legend>
        <Field label={t('notifications.filters.workspace')} className={styles.select}>
          <Select
            value={view.workspace ?? ''}
            onChange={(_event, data) => {
              update({ workspace: isWorkspace(data.value) ? data.value : null });
            }}
          >
            <option value="">{t('notifications.filters.allWorkspaces')}</option>
            {WORKSPACES.map((workspace) => (
              <option key={workspace} value={workspace}>
                {workspaceName(t, workspace)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('notifications.filters.category')} className={styles.select}>
          <Select
            value={view.category ?? ''}
            onChange={(_event, data) => {
              update({ category: isCategory(data.value) ? data.value : null });
            }}
          >
            <option value="">{t('notifications.filters.allCategories')}</option>
            {categoriesOfTab(view.tab).map((category) => (
              <option key={category} value={category}>
                {t(`notifications.category.${category}`)}
              </option>
            ))}
          </Select>
        </Field>
        {actions ? (
          <>
            <Field label={t('notifications.filters.state')} className={styles.select}>
              <Select
                value={view.state ?? ''}
                onChange={(_event, data) => {
                  update({ state: isActionState(data.value) ? data.value : null });
                }}
              >
                <option value="">{t('notifications.filters.allStates')}</option>
                {ACTION_STATES.map((state) => (
                  <option key={state} value={state}>
                    {t(`notifications.state.${state}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('notifications.filters.dueBy')} className={styles.date}>
              <Input
                type="date"
                value={view.dueBy}
                onChange={(_event, data) => {
                  update({ dueBy: data.value || null });
                }}
              />
            </Field>
            <Field label={t('notifications.filters.sort')} className={styles.select}>
              <Select
                value={view.sort}
                onChange={(_event, data) => {
                  update({ sort: data.value === 'date' ? 'date' : 'due' });
                }}
              >
                <option value="due">{t('notifications.filters.sortDue')}</option>
                <option value="date">{t('notifications.filters.sortDate')}</option>
              </Select>
            </Field>
          </>
        ) : null}
        {view.tab === 'notifications' ? (
          <Checkbox
            className={styles.unread}
            label={t('notifications.filters.unread')}
            checked={view.unread}
            onChange={(_event, data) => {
              update({ unread: data.checked === true });
            }}
          />
        ) : null}
        {isFiltered(view) ? (
          <Button
            appearance="subtle"
            icon={<FilterDismissRegular />}
            onClick={() => {
              update({ workspace: null, category: null, state: null, unread: null, dueBy: null, q: null });
            }}
          >
            {t('notifications.filters.clear')}
          </Button>
        ) : null}
      </fieldset>
    </div>
  );
}
