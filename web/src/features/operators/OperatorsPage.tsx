import { useCallback, useRef, useState, type RefObject } from 'react';
import {
  Button,
  makeStyles,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Tab,
  TabList,
  Toast,
  Toaster,
  ToastTitle,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { MailClockRegular, PeopleRegular, PersonAddRegular, ShieldKeyholeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../shared/format';
import { LoadMore } from '../../shared/ui/LoadMore';
import { PageHeader } from '../../shared/ui/PageHeader';
import { SearchForm } from '../../shared/ui/SearchForm';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../../shared/ui/states';
import { useCurrentUser } from '../auth/session';
import { AddOperatorDialog } from './AddOperatorDialog';
import { ChangeRolesDialog } from './ChangeRolesDialog';
import { useOperatorView, type OperatorView } from './listParams';
import type { OperatorAction } from './OperatorActions';
import { OperatorGrid } from './OperatorGrid';
import { operatorName } from './OperatorName';
import { useOperators, useResendInvitation } from './queries';
import { RemoveOperatorDialog } from './RemoveOperatorDialog';
import type { Operator, OperatorStatus } from './types';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  toolbar: { marginBottom: tokens.spacingVerticalL, maxWidth: '560px' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
});

const TABS: readonly OperatorStatus[] = ['active', 'pending'];

type Notify = (intent: 'success' | 'error', message: string) => void;

/** The dialog open for one row, and the row's menu button, where the focus returns. */
interface RowDialog {
  kind: 'changeRoles' | 'remove';
  operator: Operator;
  trigger: HTMLElement | null;
}

/**
 * /settings/operators (Admins) — the organisation's operators and pending invitations: add an operator (invited by
 * e-mail), change roles, remove, resend or withdraw an invitation. Tab, search and sort are kept in the URL.
 */
export function OperatorsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const me = useCurrentUser();
  const { view, update } = useOperatorView();
  const baseId = useId('operators');
  const toasterId = useId('operators-toaster');
  const { dispatchToast } = useToastController(toasterId);
  const tabsRef = useRef<HTMLDivElement>(null);
  const actionsRef = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
  const [dialog, setDialog] = useState<RowDialog | null>(null);
  const { mutate: resend } = useResendInvitation();

  const notify: Notify = useCallback(
    (intent, message) => {
      dispatchToast(
        <Toast>
          <ToastTitle>{message}</ToastTitle>
        </Toast>,
        { intent, politeness: intent === 'error' ? 'assertive' : 'polite' },
      );
    },
    [dispatchToast],
  );

  const onAction = useCallback(
    (operator: Operator, action: OperatorAction, trigger: HTMLElement | null) => {
      if (action === 'resend') {
        resend(operator.id, {
          onSuccess: (updated) => {
            const expires = updated.invitation ? format.date(updated.invitation.expiresAt) : '';
            notify('success', t('operators.resent', { email: operator.email, date: expires }));
          },
          onError: (error) => {
            notify('error', errorMessage(error, t));
          },
        });
        return;
      }
      setDialog({ kind: action === 'changeRoles' ? 'changeRoles' : 'remove', operator, trigger });
    },
    [resend, notify, t, format],
  );

  // The dialogs open from menu items that disappear with their menu: focus goes back to the menu button, or to the
  // selected tab when the row left the list.
  const closeDialog = (rowLeft = false) => {
    const trigger = dialog?.trigger;
    setDialog(null);
    requestAnimationFrame(() => {
      if (!rowLeft && trigger?.isConnected) trigger.focus();
      else tabsRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    });
  };
  const closeAdd = () => {
    setAdding(false);
    requestAnimationFrame(() => actionsRef.current?.focus());
  };

  const title = t('nav.operators');
  return (
    <>
      <PageHeader
        title={title}
        subtitle={t('operators.intro', { organization: me.organization.name })}
        actions={
          <PageActions
            buttonRef={actionsRef}
            onAdd={() => {
              setAdding(true);
            }}
            showSso={me.pages.includes('sso')}
          />
        }
      />
      <Toaster toasterId={toasterId} position="bottom-end" />
      <TabList
        ref={tabsRef}
        className={styles.tabs}
        selectedValue={view.tab}
        aria-label={t('operators.tabsLabel')}
        onTabSelect={(_event, data) => {
          update({ tab: data.value as OperatorStatus });
        }}
      >
        {TABS.map((tab) => (
          <Tab
            key={tab}
            id={`${baseId}-tab-${tab}`}
            value={tab}
            icon={tab === 'active' ? <PeopleRegular /> : <MailClockRegular />}
            aria-controls={`${baseId}-panel`}
          >
            {t(`operators.tabs.${tab}`)}
          </Tab>
        ))}
      </TabList>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${view.tab}`}>
        <div className={styles.toolbar}>
          <SearchForm
            key={view.search}
            label={t('operators.searchLabel')}
            value={view.search}
            onSearch={(search) => {
              update({ search });
            }}
          />
        </div>
        <OperatorList
          key={view.tab}
          view={view}
          onSort={(sort, order) => {
            update({ sort, order });
          }}
          onClearSearch={() => {
            update({ search: null });
          }}
          onAction={onAction}
        />
      </div>
      <AddOperatorDialog
        open={adding}
        onOpenChange={(open) => {
          if (open) setAdding(true);
          else closeAdd();
        }}
        onAdded={(operator) => {
          closeAdd();
          notify('success', t('operators.added', { email: operator.email }));
        }}
      />
      <ChangeRolesDialog
        operator={dialog?.kind === 'changeRoles' ? dialog.operator : null}
        onClose={() => {
          closeDialog();
        }}
        onChanged={(operator) => {
          closeDialog();
          notify('success', t('operators.rolesChanged', { name: operatorName(operator) }));
        }}
      />
      <RemoveOperatorDialog
        operator={dialog?.kind === 'remove' ? dialog.operator : null}
        onClose={() => {
          closeDialog();
        }}
        onRemoved={(operator) => {
          closeDialog(true);
          const kind = operator.status === 'active' ? 'remove' : 'withdraw';
          notify('success', t(`operators.${kind}.done`, { name: operatorName(operator), email: operator.email }));
        }}
      />
    </>
  );
}

interface PageActionsProps {
  buttonRef: RefObject<HTMLButtonElement | null>;
  onAdd: () => void;
  showSso: boolean;
}

/** The page's "Actions" menu: add an operator; the single sign-on settings for those who may open them. */
function PageActions({ buttonRef, onAdd, showSso }: PageActionsProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton ref={buttonRef}>{t('operators.actions')}</MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem icon={<PersonAddRegular />} onClick={onAdd}>
            {t('operators.add')}
          </MenuItem>
          {showSso ? (
            <MenuItem icon={<ShieldKeyholeRegular />} onClick={() => void navigate('/settings/sso')}>
              {t('nav.sso')}
            </MenuItem>
          ) : null}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

interface OperatorListProps {
  view: OperatorView;
  onSort: (sort: OperatorView['sort'], order: OperatorView['order']) => void;
  onClearSearch: () => void;
  onAction: (operator: Operator, action: OperatorAction, trigger: HTMLElement | null) => void;
}

/** One tab's operators with its loading, empty, no-match and error states, the grid and "Load more". */
function OperatorList({ view, onSort, onClearSearch, onAction }: OperatorListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useOperators(view);
  const emptyIcon = view.tab === 'active' ? <PeopleRegular /> : <MailClockRegular />;

  if (list.isPending) return <LoadingState />;
  if (list.isError && list.items.length === 0) {
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.items.length === 0) {
    if (view.search) {
      return (
        <EmptyState icon={emptyIcon} title={t('operators.noMatch', { search: view.search })}>
          <Button onClick={onClearSearch}>{t('operators.clearSearch')}</Button>
        </EmptyState>
      );
    }
    return (
      <EmptyState icon={emptyIcon} title={t(`operators.empty.${view.tab}.title`)}>
        {t(`operators.empty.${view.tab}.body`)}
      </EmptyState>
    );
  }
  return (
    <div className={styles.list}>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      <OperatorGrid
        status={view.tab}
        label={t(`operators.tabs.${view.tab}`)}
        items={list.items}
        sort={view.sort}
        order={view.order}
        onSort={onSort}
        onAction={onAction}
        busy={list.isPlaceholderData}
      />
      <LoadMore
        shown={list.items.length}
        total={list.totalCount}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </div>
  );
}
