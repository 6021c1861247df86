import { useState, type SubmitEvent } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useCreateToken, type CreatedToken } from './queries';
import { TokenSecret } from './TokenSecret';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** Reads "expires in days": empty means no expiry; otherwise a whole number from 1 to 365. */
function parseDays(text: string): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const days = Number(text);
  return Number.isInteger(days) && days >= 1 && days <= 365 ? days : 'invalid';
}

/** "New token" button and its dialog; after creation the dialog shows the secret, once. */
export function CreateTokenDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const create = useCreateToken();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const nameError = touched && name.trim() === '' ? t('tokens.nameRequired') : undefined;
  const daysError = touched && parseDays(days) === 'invalid' ? t('tokens.expiresInvalid') : undefined;

  const reset = () => {
    setName('');
    setDays('');
    setTouched(false);
    setCreated(null);
    create.reset();
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    const expiresInDays = parseDays(days);
    if (name.trim() === '' || expiresInDays === 'invalid') return;
    create.mutate(expiresInDays === undefined ? { name: name.trim() } : { name: name.trim(), expiresInDays }, {
      onSuccess: setCreated,
    });
  };

  return (
    <Dialog
      open={open}
      modalType={created ? 'alert' : 'modal'}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (!data.open) reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />}>
          {t('tokens.create')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        {created ? (
          <DialogBody>
            <DialogTitle>{t('tokens.createdTitle')}</DialogTitle>
            <DialogContent>
              <TokenSecret secret={created.token} />
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="primary">{t('common.done')}</Button>
              </DialogTrigger>
            </DialogActions>
          </DialogBody>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <DialogBody>
              <DialogTitle>{t('tokens.createTitle')}</DialogTitle>
              <DialogContent className={styles.content}>
                {create.isError ? <ErrorState error={create.error} /> : null}
                <Field label={t('tokens.name')} required hint={t('tokens.nameHint')} validationMessage={nameError}>
                  <Input
                    value={name}
                    maxLength={100}
                    onChange={(_event, data) => {
                      setName(data.value);
                    }}
                  />
                </Field>
                <Field label={t('tokens.expiresInDays')} hint={t('tokens.expiresHint')} validationMessage={daysError}>
                  <Input
                    type="number"
                    min={1}
                    max={365}
                    step={1}
                    inputMode="numeric"
                    value={days}
                    onChange={(_event, data) => {
                      setDays(data.value);
                    }}
                  />
                </Field>
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button>{t('common.cancel')}</Button>
                </DialogTrigger>
                <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
                  {t('tokens.submit')}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
