import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular, CopyRegular, LinkDismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { errorMessage } from '../../shared/ui/states';
import { useActivationLinkAction } from './queries';
import type { ActivationLink } from './types';

const useStyles = makeStyles({
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    paddingBlock: tokens.spacingVerticalXS,
  },
});

/** Tells people what happened (a toast, also announced to screen readers). */
export type Notify = (intent: 'success' | 'error', message: string) => void;

interface LinkActionsProps {
  link: ActivationLink;
  /** id of the element naming the link's row (its organisation), so each button says which link it acts on. */
  describedBy: string;
  notify: Notify;
  /** Called when the action moves the link out of the list shown (revoked, or an expired link resent). */
  onLeaveList: () => void;
}

/** Copy link, Resend and Revoke for one activation link, as its status allows. */
export function LinkActions({ link, describedBy, notify, onLeaveList }: LinkActionsProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const resend = useActivationLinkAction('resend');
  const url = link.url;

  const onCopy = (value: string) => {
    navigator.clipboard.writeText(value).then(
      () => {
        notify('success', t('activation.copied'));
      },
      () => {
        notify('error', t('activation.copyFailed'));
      },
    );
  };

  const onResend = () => {
    resend.mutate(link.id, {
      onSuccess: (updated) => {
        notify('success', t('activation.resent', { email: updated.recipientEmail }));
        if (link.status !== 'pending') onLeaveList();
      },
      onError: (error) => {
        notify('error', errorMessage(error, t));
      },
    });
  };

  const canResend = link.status === 'pending' || link.status === 'expired';
  return (
    <div className={styles.actions}>
      {link.status === 'pending' && url ? (
        <Button
          size="small"
          icon={<CopyRegular />}
          aria-describedby={describedBy}
          onClick={() => {
            onCopy(url);
          }}
        >
          {t('activation.copyLink')}
        </Button>
      ) : null}
      {canResend ? (
        <Button
          size="small"
          icon={<ArrowSyncRegular />}
          aria-describedby={describedBy}
          disabledFocusable={resend.isPending}
          onClick={onResend}
        >
          {t('activation.resend')}
        </Button>
      ) : null}
      {link.status === 'pending' ? (
        <RevokeLinkDialog link={link} describedBy={describedBy} notify={notify} onLeaveList={onLeaveList} />
      ) : null}
    </div>
  );
}

function RevokeLinkDialog({ link, describedBy, notify, onLeaveList }: LinkActionsProps) {
  const { t } = useTranslation();
  const revoke = useActivationLinkAction('revoke');
  return (
    <ConfirmDialog
      trigger={
        <Button size="small" icon={<LinkDismissRegular />} aria-describedby={describedBy}>
          {t('activation.revoke')}
        </Button>
      }
      title={t('activation.revokeTitle')}
      body={t('activation.revokeBody', { email: link.recipientEmail, name: link.organizationName })}
      confirmLabel={t('activation.revokeConfirm')}
      mutation={revoke}
      onConfirm={(close) => {
        revoke.mutate(link.id, {
          onSuccess: () => {
            close();
            notify('success', t('activation.revoked', { name: link.organizationName }));
            onLeaveList();
          },
        });
      }}
    />
  );
}
