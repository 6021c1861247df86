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
import { useRemoveSsoSettings } from './queries';

/** "Remove single sign-on", asking for confirmation first. */
export function RemoveSsoDialog({ onRemoved }: { onRemoved: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveSsoSettings();
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (!data.open) remove.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<DeleteRegular />}>{t('sso.remove.action')}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('sso.remove.title')}</DialogTitle>
          <DialogContent>
            {remove.isError ? <ErrorState error={remove.error} /> : null}
            <p>{t('sso.remove.body')}</p>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('common.cancel')}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabledFocusable={remove.isPending}
              onClick={() => {
                remove.mutate(undefined, {
                  onSuccess: () => {
                    setOpen(false);
                    onRemoved();
                  },
                });
              }}
            >
              {t('sso.remove.confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
