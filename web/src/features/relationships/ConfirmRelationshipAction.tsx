import { Button } from '@fluentui/react-components';
import { CheckmarkRegular, DismissRegular, ProhibitedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
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
  const values = {
    name: counterpart,
    roles: roleList(t, relationship.roles),
    count: relationship.durationDays,
  };
  return (
    <ConfirmDialog
      trigger={
        <Button
          size="small"
          appearance={action === 'approve' ? 'primary' : 'secondary'}
          icon={ICONS[action]}
          aria-describedby={describedBy}
        >
          {t(`relationships.actions.${text}`)}
        </Button>
      }
      title={t(`relationships.confirm.${text}.title`)}
      body={t(`relationships.confirm.${text}.body`, values)}
      confirmLabel={t(`relationships.confirm.${text}.confirm`)}
      mutation={mutation}
      onConfirm={(close) => {
        mutation.mutate(relationship.id, {
          onSuccess: () => {
            close();
            onDone(t(`relationships.done.${text}`, { name: counterpart }));
          },
        });
      }}
    />
  );
}
