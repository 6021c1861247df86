import { useRef, useState, type SubmitEvent } from 'react';
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
  Text,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { isEmail } from '../activation/validation';
import { useDialogStyles } from './dialogStyles';
import { serverMessages } from './problems';
import { useAddOperator } from './queries';
import { RolePicker } from './RolePicker';
import type { Operator, RoleName } from './types';

interface AddOperatorDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onAdded: (operator: Operator) => void;
}

/** "Add operator": a work address and one or more roles; the server mails the invitation. */
export function AddOperatorDialog({ open, onOpenChange, onAdded }: AddOperatorDialogProps) {
  const styles = useDialogStyles();
  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => {
        onOpenChange(data.open);
      }}
    >
      <DialogSurface className={styles.surface}>
        <AddOperatorForm onAdded={onAdded} />
      </DialogSurface>
    </Dialog>
  );
}

function AddOperatorForm({ onAdded }: { onAdded: (operator: Operator) => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const add = useAddOperator();
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<RoleName[]>([]);
  const [touched, setTouched] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  const address = email.trim();
  const client = {
    email:
      address === ''
        ? t('operators.errors.emailRequired')
        : isEmail(address)
          ? undefined
          : t('operators.errors.emailInvalid'),
    roles: roles.length === 0 ? t('operators.errors.rolesRequired') : undefined,
  };
  const server = serverMessages(add.error);
  const emailMessage = (touched ? client.email : undefined) ?? server.email;
  const rolesMessage = (touched ? client.roles : undefined) ?? server.roles;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (client.email) {
      emailRef.current?.focus();
      return;
    }
    if (client.roles) return;
    add.mutate(
      { email: address, roles },
      {
        onSuccess: onAdded,
        onError: (error) => {
          // The message is on the e-mail field: take people there, where it is read with the field.
          if (serverMessages(error).email) emailRef.current?.focus();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{t('operators.add')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.intro}>{t('operators.addIntro')}</Text>
          {add.isError && !server.email && !server.roles ? <ErrorState error={add.error} /> : null}
          <Field label={t('operators.email')} required hint={t('operators.emailHint')} validationMessage={emailMessage}>
            <Input
              ref={emailRef}
              type="email"
              autoComplete="off"
              spellCheck={false}
              maxLength={320}
              value={email}
              onChange={(_event, data) => {
                setEmail(data.value);
                // The server's refusal was about the previous address.
                if (add.isError) add.reset();
              }}
            />
          </Field>
          <RolePicker value={roles} onChange={setRoles} error={rolesMessage} />
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button>{t('common.cancel')}</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabledFocusable={add.isPending}>
            {add.isPending ? t('operators.adding') : t('operators.addSubmit')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
