import { ClockRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from './PageHeader';
import { EmptyState } from './states';

/** A page that is listed in the navigation but arrives in a later release. */
export function ComingSoon({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <EmptyState icon={<ClockRegular />} title={t('comingSoon.title')}>
        {t('comingSoon.body')}
      </EmptyState>
    </>
  );
}
