import { useRef, useState } from 'react';
import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { LinkMultipleRegular, PeopleSwapRegular, SendRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/session';
import type { OrganizationKind } from '../auth/types';
import { SendActivationLinkDialog } from './SendActivationLinkDialog';
import type { ActivationKind } from './types';

/** Where the list of sent activation links lives (customer and partner links in one list). */
export const ACTIVATION_LINKS_PATH = '/customers/activation-links';

/** Only distributors and the vendor onboard partners. */
export function mayInvitePartners(kind: OrganizationKind): boolean {
  return kind === 'distributor' || kind === 'vendor';
}

/**
 * The "Actions" menu of the Customers page (`kind="customer"`) and of the Partners page (`kind="partner"`):
 * send an activation link, see the links sent, and (customers) the delegated-admin relationships.
 * Renders nothing for people who may not write organisations, and on the Partners page for those who may not onboard
 * partners.
 */
export function ActivationActions({ kind }: { kind: ActivationKind }) {
  const me = useCurrentUser();
  if (!me.permissions.includes('organizations.write')) return null;
  if (kind === 'partner' && !mayInvitePartners(me.organization.kind)) return null;
  return <ActionsMenu kind={kind} />;
}

function ActionsMenu({ kind }: { kind: ActivationKind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sending, setSending] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // The dialog opens from a menu item that disappears with the menu: on close, focus goes back to the menu button.
  const onOpenChange = (open: boolean) => {
    setSending(open);
    if (!open) requestAnimationFrame(() => buttonRef.current?.focus());
  };

  return (
    <>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <MenuButton ref={buttonRef}>{t('activation.actions')}</MenuButton>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem
              icon={<SendRegular />}
              onClick={() => {
                setSending(true);
              }}
            >
              {t('activation.send')}
            </MenuItem>
            <MenuItem icon={<LinkMultipleRegular />} onClick={() => void navigate(ACTIVATION_LINKS_PATH)}>
              {t('activation.links')}
            </MenuItem>
            {kind === 'customer' ? (
              <MenuItem icon={<PeopleSwapRegular />} onClick={() => void navigate('/relationships')}>
                {t('relationships.title')}
              </MenuItem>
            ) : null}
          </MenuList>
        </MenuPopover>
      </Menu>
      <SendActivationLinkDialog kind={kind} open={sending} onOpenChange={onOpenChange} />
    </>
  );
}
