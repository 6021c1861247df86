import { Button } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { useRemoveSsoSettings } from './queries';

/** "Remove single sign-on", asking for confirmation first. */
export function RemoveSsoDialog({ onRemoved }: { onRemoved: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveSsoSettings();
  return (
    <ConfirmDialog
      trigger={<Button icon={<DeleteRegular />}>{t('sso.remove.action')}</Button>}
      title={t('sso.remove.title')}
      body={t('sso.remove.body')}
      confirmLabel={t('sso.remove.confirm')}
      mutation={remove}
      onConfirm={(close) => {
        remove.mutate(undefined, {
          onSuccess: () => {
            close();
            onRemoved();
          },
        });
      }}
    />
  );
}
