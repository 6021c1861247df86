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
import { operatorName } from './OperatorName';
import { useRemoveOperator } from './queries';
import type { Operator } from './types';
import { useLastNonNull } from './useLastNonNull';

interface RemoveOperatorDialogProps {
  /** The operator to remove (active) or whose invitation to withdraw (pending); open while there is one. */
  operator: Operator | null;
  onClose: () => void;
  onRemoved: (operator: Operator) => void;
}

/** The confirmation of "Remove" (an active operator) and "Withdraw invitation" (a pending one): DELETE either way. */
export function RemoveOperatorDialog({ operator, onClose, onRemoved }: RemoveOperatorDialogProps) {
  const shown = useLastNonNull(operator);
  return (
    <Dialog
      modalType="alert"
      open={operator !== null}
      onOpenChange={(_event, data) => {
        if (!data.open) onClose();
      }}
    >
      <DialogSurface>{shown ? <Confirmation operator={shown} onRemoved={onRemoved} /> : null}</DialogSurface>
    </Dialog>
  );
}

function Confirmation({ operator, onRemoved }: { operator: Operator; onRemoved: (operator: Operator) => void }) {
  const { t } = useTranslation();
  const remove = useRemoveOperator();
  const name = operatorName(operator);
  const kind = operator.status === 'active' ? 'remove' : 'withdraw';
  return (
    <DialogBody>
      <DialogTitle>{t(`operators.${kind}.title`, { name, email: operator.email })}</DialogTitle>
      <DialogContent>
        {remove.isError ? <ErrorState error={remove.error} /> : null}
        <Text as="p">{t(`operators.${kind}.body`, { name, email: operator.email })}</Text>
      </DialogContent>
      <DialogActions>
        <DialogTrigger disableButtonEnhancement>
          <Button>{t('common.cancel')}</Button>
        </DialogTrigger>
        <Button
          appearance="primary"
          disabledFocusable={remove.isPending}
          onClick={() => {
            remove.mutate(operator.id, {
              onSuccess: () => {
                onRemoved(operator);
              },
            });
          }}
        >
          {t(`operators.${kind}.confirm`)}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}
