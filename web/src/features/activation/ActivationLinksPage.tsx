import { useState } from 'react';
import {
  Button,
  makeStyles,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { ArrowLeftRegular, SendRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useCurrentUser } from '../auth/session';
import { ActivationLinksPanel } from './ActivationLinksPanel';
import { SendActivationLinkDialog } from './SendActivationLinkDialog';
import { ACTIVATION_STATUSES, type ActivationKind, type ActivationStatus } from './types';

const useStyles = makeStyles({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
    color: tokens.colorBrandForegroundLink,
  },
});

function isStatus(value: string | null): value is ActivationStatus {
  return ACTIVATION_STATUSES.some((status) => status === value);
}

/** /customers/activation-links — the activation links sent, by status; the status is kept in `?status=`. */
export function ActivationLinksPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : 'pending';
  const distributor = me.organization.kind === 'distributor';

  return (
    <>
      <Link to="/customers" className={styles.back}>
        <ArrowLeftRegular aria-hidden />
        {t('activation.backToCustomers')}
      </Link>
      <PageHeader
        title={t('activation.links')}
        subtitle={distributor ? t('activation.linksIntroDistributor') : t('activation.linksIntro')}
        actions={me.permissions.includes('organizations.write') ? <SendButton distributor={distributor} /> : null}
      />
      <ActivationLinksPanel
        status={status}
        onStatusChange={(next) => {
          setParams(next === 'pending' ? {} : { status: next }, { replace: true });
        }}
      />
    </>
  );
}

/** "Send activation link": straight to the customer form, or (distributors) a choice of customer or partner. */
function SendButton({ distributor }: { distributor: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivationKind>('customer');
  const [open, setOpen] = useState(false);
  const restoreFocusTarget = useRestoreFocusTarget();
  const start = (chosen: ActivationKind) => {
    setKind(chosen);
    setOpen(true);
  };
  const dialog = <SendActivationLinkDialog kind={kind} open={open} onOpenChange={setOpen} />;
  if (!distributor) {
    return (
      <>
        <Button
          appearance="primary"
          icon={<SendRegular />}
          onClick={() => {
            start('customer');
          }}
        >
          {t('activation.send')}
        </Button>
        {dialog}
      </>
    );
  }
  return (
    <>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <MenuButton appearance="primary" icon={<SendRegular />} {...restoreFocusTarget}>
            {t('activation.send')}
          </MenuButton>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem
              onClick={() => {
                start('customer');
              }}
            >
              {t('activation.toCustomer')}
            </MenuItem>
            <MenuItem
              onClick={() => {
                start('partner');
              }}
            >
              {t('activation.toPartner')}
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      {dialog}
    </>
  );
}
