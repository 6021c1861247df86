import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api';
import { ErrorState, LoadingState } from '../../shared/ui/states';
import { CustomerHealthPanel } from '../servicehealth/CustomerHealthPanel';
import { HealthIcon } from '../servicehealth/HealthIcon';
import { ServiceRequestsPanel } from '../servicerequests/ServiceRequestsPanel';
import { CustomerDetails } from './CustomerDetails';
import { PANES, type Pane } from './listParams';
import { useCustomer } from './queries';
import { useBelowTopBar } from './useBelowTopBar';
import { useMediaQuery } from './useMediaQuery';

const useStyles = makeStyles({
  subtitle: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
  },
  header: { paddingBottom: 0 },
  tabs: { marginTop: tokens.spacingVerticalS, marginLeft: `calc(-1 * ${tokens.spacingHorizontalM})` },
  body: { paddingTop: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXXL },
});

export interface CustomerPaneProps {
  customerId: string;
  /** The name from the list row, shown while the details load. */
  fallbackName: string | undefined;
  pane: Pane;
  requestId: string | undefined;
  onPane: (pane: Pane) => void;
  onOpenRequest: (id: string | undefined) => void;
  requestHref: (id: string) => string;
  onClose: () => void;
}

/**
 * The pane of the selected customer, on the right over the list (non-modal: the list stays usable): its details, and
 * features that work in its context — service health and service requests — as tabs. Escape or the close button
 * closes it.
 */
export function CustomerPane(props: CustomerPaneProps) {
  const { customerId, fallbackName, pane, onPane, onClose } = props;
  const { t } = useTranslation();
  const styles = useStyles();
  const narrow = useMediaQuery('(max-width: 720px)');
  const surfaceRef = useBelowTopBar<HTMLDivElement>();
  const customer = useCustomer(customerId);
  const name = customer.data?.name ?? fallbackName ?? t('customers.pane.loadingName');
  const tabId = (value: Pane) => `customer-pane-tab-${value}`;
  const panelId = 'customer-pane-panel';

  return (
    <OverlayDrawer
      ref={surfaceRef}
      open
      modalType="non-modal"
      position="end"
      size={narrow ? 'full' : 'medium'}
      onOpenChange={(_event, data) => {
        if (!data.open) onClose();
      }}
    >
      <DrawerHeader className={styles.header}>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label={t('customers.pane.close')}
              title={t('customers.pane.close')}
              icon={<Dismiss24Regular />}
              onClick={onClose}
            />
          }
        >
          {name}
        </DrawerHeaderTitle>
        {customer.data ? (
          <Text className={styles.subtitle}>
            <HealthIcon health={customer.data.health} labelled />
            {customer.data.primaryDomain}
          </Text>
        ) : null}
        <TabList
          className={styles.tabs}
          selectedValue={pane}
          onTabSelect={(_event, data) => {
            const next = PANES.find((value) => value === data.value);
            if (next) onPane(next);
          }}
        >
          <Tab id={tabId('details')} value="details" aria-controls={pane === 'details' ? panelId : undefined}>
            {t('customers.pane.details')}
          </Tab>
          <Tab id={tabId('health')} value="health" aria-controls={pane === 'health' ? panelId : undefined}>
            {t('customers.pane.health')}
          </Tab>
          <Tab id={tabId('requests')} value="requests" aria-controls={pane === 'requests' ? panelId : undefined}>
            {t('customers.pane.requests')}
          </Tab>
        </TabList>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <div role="tabpanel" id={panelId} aria-labelledby={tabId(pane)}>
          <PaneContent key={props.customerId} {...props} />
        </div>
      </DrawerBody>
    </OverlayDrawer>
  );
}

function PaneContent({ customerId, pane, requestId, onOpenRequest, requestHref }: CustomerPaneProps) {
  const { t } = useTranslation();
  const customer = useCustomer(customerId);
  if (customer.isPending) return <LoadingState label={t('customers.pane.loading')} />;
  if (customer.isError) {
    if (isApiError(customer.error, 404)) {
      return (
        <MessageBar intent="warning">
          <MessageBarBody>{t('customers.pane.notFound')}</MessageBarBody>
        </MessageBar>
      );
    }
    return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  }
  switch (pane) {
    case 'health':
      return <CustomerHealthPanel customerId={customerId} />;
    case 'requests':
      return (
        <ServiceRequestsPanel
          customerId={customerId}
          customerName={customer.data.name}
          openRequestId={requestId}
          requestHref={requestHref}
          onOpenRequest={onOpenRequest}
        />
      );
    default:
      return <CustomerDetails customer={customer.data} />;
  }
}
