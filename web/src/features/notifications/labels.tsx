import { Badge, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, ClockAlarmRegular, ErrorCircleRegular, type FluentIcon } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../shared/i18n';
import type { ActionState, Category, NotificationItem, Workspace } from './types';

/** The UI language, for the texts the server sends in both. */
export function useTextLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/** An item's (or a publication's) title or body in the UI language. */
export function inLanguage(texts: NotificationItem['title'], language: Language): string {
  return texts[language];
}

export function workspaceName(t: TFunction, workspace: Workspace): string {
  return t(`notifications.workspace.${workspace}`);
}

const useStyles = makeStyles({
  icon: { fontSize: '14px' },
  nowrap: { whiteSpace: 'nowrap' },
});

const CATEGORY_COLORS = {
  mandatory: 'danger',
  recommended: 'warning',
  transactional: 'informative',
  promotional: 'brand',
} as const satisfies Record<Category, string>;

/** The category as a badge: Mandatory, Recommended, Transactional, Promotional. */
export function CategoryBadge({ category, className }: { category: Category; className?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Badge appearance="tint" color={CATEGORY_COLORS[category]} className={mergeClasses(styles.nowrap, className)}>
      {t(`notifications.category.${category}`)}
    </Badge>
  );
}

const STATE_LOOK: Record<ActionState, { color: 'informative' | 'danger' | 'success'; icon: FluentIcon }> = {
  open: { color: 'informative', icon: ClockAlarmRegular },
  overdue: { color: 'danger', icon: ErrorCircleRegular },
  completed: { color: 'success', icon: CheckmarkCircleRegular },
};

/** An action's state for the organisation: To do, Overdue, Done (with an icon, not by colour alone). */
export function StateBadge({ state }: { state: ActionState }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { color, icon: Icon } = STATE_LOOK[state];
  return (
    <Badge
      appearance="tint"
      color={color}
      icon={<Icon className={styles.icon} aria-hidden />}
      className={styles.nowrap}
    >
      {t(`notifications.state.${state}`)}
    </Badge>
  );
}

/** The dot of an unread item, with its meaning for screen readers. */
export const useUnreadStyles = makeStyles({
  dot: {
    display: 'inline-block',
    flexShrink: 0,
    width: '8px',
    height: '8px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground,
  },
  spacer: { display: 'inline-block', flexShrink: 0, width: '8px' },
});
