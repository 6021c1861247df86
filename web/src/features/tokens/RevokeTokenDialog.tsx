import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useRevokeToken, type ApiToken } from './queries';

/** The "Revoke" button of one token, asking for confirmation first. */
export function RevokeTokenDialog({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  const revoke = useRevokeToken();
  const [open, setOpen] = useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) revoke.reset();
  };
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_event, data) => {
        onOpenChange(data.open);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<DeleteRegular />} aria-label={t('tokens.revokeLabel', { name: token.name })}>
          {t('tokens.revoke')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('tokens.revokeTitle')}</DialogTitle>
          <DialogContent>
            {revoke.isError ? <ErrorState error={revoke.error} /> : null}
            <p>{t('tokens.revokeBody', { name: token.name })}</p>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('common.cancel')}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabledFocusable={revoke.isPending}
              onClick={() => {
                revoke.mutate(token.id);
              }}
            >
              {t('tokens.revokeConfirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
