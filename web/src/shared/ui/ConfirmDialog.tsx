import { useState, type ReactElement, type ReactNode } from 'react';
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
import { useTranslation } from 'react-i18next';
import { ErrorState } from './states';

/** What a confirmation shows of the mutation its button runs (a TanStack Query mutation fits). */
export interface ConfirmedMutation {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

interface ConfirmationProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  mutation: ConfirmedMutation;
  onConfirm: () => void;
}

/**
 * The inside of a confirmation dialog: the question, the mutation's error if it failed, Cancel and the confirming
 * button (inert while the mutation runs). For a dialog opened by something else than a button of its own.
 */
export function Confirmation({ title, body, confirmLabel, mutation, onConfirm }: ConfirmationProps) {
  const { t } = useTranslation();
  return (
    <DialogBody>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {mutation.isError ? <ErrorState error={mutation.error} /> : null}
        <p>{body}</p>
      </DialogContent>
      <DialogActions>
        <DialogTrigger disableButtonEnhancement>
          <Button>{t('common.cancel')}</Button>
        </DialogTrigger>
        <Button appearance="primary" disabledFocusable={mutation.isPending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}

interface ConfirmDialogProps extends Omit<ConfirmationProps, 'onConfirm'> {
  /** The button that opens the dialog. */
  trigger: ReactElement;
  /** Runs the mutation; `close` shuts the dialog (on success, typically). */
  onConfirm: (close: () => void) => void;
}

/** A button that asks for confirmation before a destructive or binding action; closing it forgets a failed attempt. */
export function ConfirmDialog({ trigger, onConfirm, ...confirmation }: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const { mutation } = confirmation;
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (!data.open) mutation.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>{trigger}</DialogTrigger>
      <DialogSurface>
        <Confirmation
          {...confirmation}
          onConfirm={() => {
            onConfirm(() => {
              setOpen(false);
            });
          }}
        />
      </DialogSurface>
    </Dialog>
  );
}
