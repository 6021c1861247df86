import { Button } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { useRevokeToken, type ApiToken } from './queries';

/** The "Revoke" button of one token, asking for confirmation first. */
export function RevokeTokenDialog({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  const revoke = useRevokeToken();
  return (
    <ConfirmDialog
      trigger={
        <Button icon={<DeleteRegular />} aria-label={t('tokens.revokeLabel', { name: token.name })}>
          {t('tokens.revoke')}
        </Button>
      }
      title={t('tokens.revokeTitle')}
      body={t('tokens.revokeBody', { name: token.name })}
      confirmLabel={t('tokens.revokeConfirm')}
      mutation={revoke}
      onConfirm={() => {
        // No need to close: the revoked token's row, and this dialog with it, leaves the list.
        revoke.mutate(token.id);
      }}
    />
  );
}
