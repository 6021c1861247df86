import { useRef } from 'react';
import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import {
  ArrowSyncRegular,
  MailDismissRegular,
  MoreHorizontalRegular,
  PersonDeleteRegular,
  ShieldPersonRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { operatorName } from './OperatorName';
import type { Operator } from './types';

/** What can be done to one operator from its row. */
export type OperatorAction = 'changeRoles' | 'remove' | 'resend' | 'withdraw';

interface OperatorActionsProps {
  operator: Operator;
  /** `trigger` is the row's menu button, where the focus goes back once the action is over. */
  onAction: (operator: Operator, action: OperatorAction, trigger: HTMLElement | null) => void;
}

/**
 * The row's actions menu. Active: Change roles, Remove (not on your own row: the server refuses it). Pending: Resend
 * invitation, Change roles, Withdraw invitation.
 */
export function OperatorActions({ operator, onAction }: OperatorActionsProps) {
  const { t } = useTranslation();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const act = (action: OperatorAction) => () => {
    onAction(operator, action, buttonRef.current);
  };
  const changeRoles = (
    <MenuItem icon={<ShieldPersonRegular />} onClick={act('changeRoles')}>
      {t('operators.changeRoles')}
    </MenuItem>
  );
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button
          ref={buttonRef}
          appearance="subtle"
          icon={<MoreHorizontalRegular />}
          aria-label={t('operators.rowActions', { name: operatorName(operator) })}
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {operator.status === 'active' ? (
            <>
              {changeRoles}
              {operator.isSelf ? null : (
                <MenuItem icon={<PersonDeleteRegular />} onClick={act('remove')}>
                  {t('operators.remove.action')}
                </MenuItem>
              )}
            </>
          ) : (
            <>
              <MenuItem icon={<ArrowSyncRegular />} onClick={act('resend')}>
                {t('operators.resend')}
              </MenuItem>
              {changeRoles}
              <MenuItem icon={<MailDismissRegular />} onClick={act('withdraw')}>
                {t('operators.withdraw.action')}
              </MenuItem>
            </>
          )}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
