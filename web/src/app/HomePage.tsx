import { HomeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useCurrentUser } from '../features/auth/session';
import { PageHeader } from '../shared/ui/PageHeader';
import { EmptyState } from '../shared/ui/states';
import { firstPagePath } from '../shared/pages';

/** "/" leads to the first page the user may open; with none, a welcome note. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const first = firstPagePath(me.pages);
  if (first) return <Navigate to={first} replace />;
  return (
    <>
      <PageHeader title={t('home.title', { name: me.user.displayName })} />
      <EmptyState icon={<HomeRegular />} title={t('home.emptyTitle')}>
        {t('home.emptyBody')}
      </EmptyState>
    </>
  );
}
