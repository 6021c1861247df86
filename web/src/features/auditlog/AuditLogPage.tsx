import { DocumentSearchRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { SearchForm } from '../../shared/ui/SearchForm';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/states';
import { AuditTable } from './AuditTable';
import { useAuditLog } from './queries';

/** /settings/audit-log — who did what and when, filterable by action, paged by links.next. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const log = useAuditLog(action);
  const title = t('nav.auditlog');

  return (
    <>
      <PageHeader title={title} subtitle={t('auditlog.intro')} />
      <SearchForm
        key={action}
        label={t('auditlog.filterLabel')}
        buttonLabel={t('auditlog.filter')}
        value={action}
        onSearch={(term) => {
          setParams(term ? { action: term } : {});
        }}
      />
      <section aria-label={title}>
        {log.isPending ? <LoadingState /> : null}
        {log.isError ? <ErrorState error={log.error} onRetry={() => void log.refetch()} /> : null}
        {log.data && log.items.length === 0 ? (
          <EmptyState icon={<DocumentSearchRegular />} title={t('auditlog.empty')} />
        ) : null}
        {log.items.length > 0 ? (
          <>
            <AuditTable label={title} entries={log.items} />
            <LoadMore
              shown={log.items.length}
              total={log.totalCount}
              hasMore={log.hasNextPage}
              loading={log.isFetchingNextPage}
              onLoadMore={() => void log.fetchNextPage()}
            />
          </>
        ) : null}
      </section>
    </>
  );
}
