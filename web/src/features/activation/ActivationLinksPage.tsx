import { useRef, useState } from 'react';
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
} from '@fluentui/react-components';
import { ArrowLeftRegular, SendRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useCurrentUser } from '../auth/session';
import { mayInvitePartners } from './ActivationActions';
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
  const partnersToo = mayInvitePartners(me.organization.kind);

  return (
    <>
      <Link to="/customers" className={styles.back}>
        <ArrowLeftRegular aria-hidden />
        {t('activation.backToCustomers')}
      </Link>
      <PageHeader
        title={t('activation.links')}
        subtitle={partnersToo ? t('activation.linksIntroDistributor') : t('activation.linksIntro')}
        actions={me.permissions.includes('organizations.write') ? <SendButton partnersToo={partnersToo} /> : null}
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

/** "Send activation link": straight to the customer form, or (distributors, vendor) a choice of customer or partner. */
function SendButton({ partnersToo }: { partnersToo: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivationKind>('customer');
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const start = (chosen: ActivationKind) => {
    setKind(chosen);
    setOpen(true);
  };
  // Opened from a menu item that is gone by then: on close, focus goes back to the button.
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) requestAnimationFrame(() => buttonRef.current?.focus());
  };
  const dialog = <SendActivationLinkDialog kind={kind} open={open} onOpenChange={onOpenChange} />;
  if (!partnersToo) {
    return (
      <>
        <Button
          ref={buttonRef}
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
          <MenuButton ref={buttonRef} appearance="primary" icon={<SendRegular />}>
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
