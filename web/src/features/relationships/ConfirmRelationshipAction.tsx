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
import { CheckmarkRegular, DismissRegular, ProhibitedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useRelationshipAction, type RelationshipAction } from './queries';
import { roleList } from './roles';
import type { Relationship } from './types';

const ICONS = { approve: <CheckmarkRegular />, decline: <DismissRegular />, terminate: <ProhibitedRegular /> };

interface ConfirmRelationshipActionProps {
  relationship: Relationship;
  action: RelationshipAction;
  /** The other side's name, as this person sees it. */
  counterpart: string;
  /** id of the element that names the row, so the button says which relationship it acts on. */
  describedBy: string;
  onDone: (message: string) => void;
}

/** The Approve, Decline or Terminate button of one relationship, asking for confirmation first. */
export function ConfirmRelationshipAction({
  relationship,
  action,
  counterpart,
  describedBy,
  onDone,
}: ConfirmRelationshipActionProps) {
  const { t } = useTranslation();
  const mutation = useRelationshipAction(action);
  // Terminating a request that was never approved is withdrawing it: say so.
  const text = action === 'terminate' && relationship.status === 'pending' ? 'withdraw' : action;
  const [open, setOpen] = useState(false);
  const values = {
    name: counterpart,
    roles: roleList(t, relationship.roles),
    count: relationship.durationDays,
  };
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (!data.open) mutation.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button
          size="small"
          appearance={action === 'approve' ? 'primary' : 'secondary'}
          icon={ICONS[action]}
          aria-describedby={describedBy}
        >
          {t(`relationships.actions.${text}`)}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t(`relationships.confirm.${text}.title`)}</DialogTitle>
          <DialogContent>
            {mutation.isError ? <ErrorState error={mutation.error} /> : null}
            <p>{t(`relationships.confirm.${text}.body`, values)}</p>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('common.cancel')}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabledFocusable={mutation.isPending}
              onClick={() => {
                mutation.mutate(relationship.id, {
                  onSuccess: () => {
                    setOpen(false);
                    onDone(t(`relationships.done.${text}`, { name: counterpart }));
                  },
                });
              }}
            >
              {t(`relationships.confirm.${text}.confirm`)}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
