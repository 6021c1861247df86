import { Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { SearchForm } from '../../shared/ui/SearchForm';
import type { ListFilters } from './listParams';
import { HEALTH_STATES, isHealth, type Health } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    marginBottom: tokens.spacingVerticalL,
  },
  search: { flexGrow: 1, maxWidth: '560px' },
  health: { minWidth: '12em' },
});

/** Search (Enter or the button applies it) and the health filter (applies at once) of a channel list. */
export function ListToolbar({
  filters,
  onSearch,
  onHealth,
}: {
  filters: ListFilters;
  onSearch: (search: string) => void;
  onHealth: (health: Health | undefined) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.search}>
        <SearchForm
          key={filters.search}
          label={t('customers.searchLabel')}
          value={filters.search}
          onSearch={onSearch}
        />
      </div>
      <Field label={t('customers.healthFilter')} className={styles.health}>
        <Select
          value={filters.health ?? ''}
          onChange={(_event, data) => {
            onHealth(isHealth(data.value) ? data.value : undefined);
          }}
        >
          <option value="">{t('customers.healthAll')}</option>
          {HEALTH_STATES.map((health) => (
            <option key={health} value={health}>
              {t(`serviceHealth.state.${health}`)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
