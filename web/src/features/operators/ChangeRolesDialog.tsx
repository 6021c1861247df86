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
  Text,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useDialogStyles } from './dialogStyles';
import { operatorName } from './OperatorName';
import { serverMessages } from './problems';
import { useChangeRoles } from './queries';
import { RolePicker } from './RolePicker';
import type { Operator, RoleName } from './types';
import { useLastNonNull } from './useLastNonNull';

interface ChangeRolesDialogProps {
  /** The operator whose roles change; the dialog is open while there is one. */
  operator: Operator | null;
  onClose: () => void;
  onChanged: (operator: Operator) => void;
}

/** "Change roles" of one operator: the same role picker as "Add operator", saved with PATCH. */
export function ChangeRolesDialog({ operator, onClose, onChanged }: ChangeRolesDialogProps) {
  const styles = useDialogStyles();
  const shown = useLastNonNull(operator);
  return (
    <Dialog
      open={operator !== null}
      onOpenChange={(_event, data) => {
        if (!data.open) onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        {shown ? <ChangeRolesForm operator={shown} onChanged={onChanged} onUnchanged={onClose} /> : null}
      </DialogSurface>
    </Dialog>
  );
}

interface ChangeRolesFormProps {
  operator: Operator;
  onChanged: (operator: Operator) => void;
  onUnchanged: () => void;
}

function ChangeRolesForm({ operator, onChanged, onUnchanged }: ChangeRolesFormProps) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const change = useChangeRoles();
  const [roles, setRoles] = useState<RoleName[]>(operator.roles);
  const [touched, setTouched] = useState(false);
  const name = operatorName(operator);
  // The server refuses it too (cannot_change_self): an Admin keeps their own Admin role.
  const locked =
    operator.isSelf && operator.roles.includes('admin')
      ? { role: 'admin' as const, reason: t('operators.ownAdminLocked') }
      : undefined;

  const clientError = roles.length === 0 ? t('operators.errors.rolesRequired') : undefined;
  const server = serverMessages(change.error);
  const rolesError = (touched ? clientError : undefined) ?? server.roles ?? server.email;

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (clientError) return;
    if (roles.length === operator.roles.length && roles.every((role) => operator.roles.includes(role))) {
      onUnchanged();
      return;
    }
    change.mutate({ id: operator.id, roles }, { onSuccess: onChanged });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{t('operators.changeRolesTitle', { name })}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text className={styles.intro}>
            {operator.status === 'active'
              ? t('operators.changeRolesIntro', { email: operator.email })
              : t('operators.changeRolesIntroPending', { email: operator.email })}
          </Text>
          {change.isError && !rolesError ? <ErrorState error={change.error} /> : null}
          <RolePicker
            value={roles}
            onChange={(next) => {
              setRoles(next);
              if (change.isError) change.reset();
            }}
            error={rolesError}
            locked={locked}
          />
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button>{t('common.cancel')}</Button>
          </DialogTrigger>
          <Button type="submit" appearance="primary" disabledFocusable={change.isPending}>
            {t('operators.saveRoles')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
