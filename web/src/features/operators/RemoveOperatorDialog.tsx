import { Dialog, DialogSurface } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Confirmation } from '../../shared/ui/ConfirmDialog';
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
      <DialogSurface>{shown ? <OperatorConfirmation operator={shown} onRemoved={onRemoved} /> : null}</DialogSurface>
    </Dialog>
  );
}

function OperatorConfirmation({
  operator,
  onRemoved,
}: {
  operator: Operator;
  onRemoved: (operator: Operator) => void;
}) {
  const { t } = useTranslation();
  const remove = useRemoveOperator();
  const name = operatorName(operator);
  const kind = operator.status === 'active' ? 'remove' : 'withdraw';
  return (
    <Confirmation
      title={t(`operators.${kind}.title`, { name, email: operator.email })}
      body={t(`operators.${kind}.body`, { name, email: operator.email })}
      confirmLabel={t(`operators.${kind}.confirm`)}
      mutation={remove}
      onConfirm={() => {
        remove.mutate(operator.id, {
          onSuccess: () => {
            onRemoved(operator);
          },
        });
      }}
    />
  );
}
