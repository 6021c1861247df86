import { Button } from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from './PageHeader';
import { EmptyState } from './states';

/** The app's not-found page; `message` says what in particular was not found. */
export function NotFound({ message }: { message?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState icon={<SearchRegular />} title={message ?? t('notFound.body')}>
        <Button appearance="primary" onClick={() => void navigate('/')}>
          {t('notFound.home')}
        </Button>
      </EmptyState>
    </>
  );
}
