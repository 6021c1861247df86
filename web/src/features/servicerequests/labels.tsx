import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Severity, Status } from './types';

const SEVERITY_COLOR = { critical: 'danger', moderate: 'warning', minimal: 'informative' } as const;
const STATUS_COLOR = { open: 'brand', attention_needed: 'warning', closed: 'subtle' } as const;

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={SEVERITY_COLOR[severity]}>
      {t(`serviceRequests.severity.${severity}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="outline" color={STATUS_COLOR[status]}>
      {t(`serviceRequests.status.${status}`)}
    </Badge>
  );
}
