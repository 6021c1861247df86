import {
  Button,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
} from '@fluentui/react-components';
import { PersonCircleRegular, SignOutRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ME_KEY, useSignOut } from './queries';
import { useCurrentUser } from './session';

/** The button named after the user: organisation, kind and sign-out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Leave the shell first, then forget the session: the event stream closes and no cached data survives.
  const leave = async () => {
    // flushSync: commit the page change before the profile is cleared, or the old page's guard adds ?next=.
    await navigate('/sign-in', { replace: true, state: { signedOut: true }, flushSync: true });
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
    queryClient.setQueryData(ME_KEY, null);
  };
  const onSignOut = () => {
    signOut.mutate(undefined, {
      onSuccess: () => {
        void leave();
      },
    });
  };

  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<PersonCircleRegular />}>
          {me.user.displayName}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>
              {t('userMenu.organization', { name: me.organization.name, kind: t(`kind.${me.organization.kind}`) })}
            </MenuGroupHeader>
            <MenuDivider />
            <MenuItem icon={<SignOutRegular />} onClick={onSignOut}>
              {t('userMenu.signOut')}
            </MenuItem>
          </MenuGroup>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
