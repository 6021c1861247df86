import { useState } from 'react';
import { Badge, Checkbox, makeStyles, Spinner, Text, tokens, useId } from '@fluentui/react-components';
import { CheckmarkRegular, ErrorCircle12Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useRoles } from './queries';
import { permissionDescription, roleName } from './roles';
import { ROLE_NAMES, type RoleName } from './types';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 6fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'stretch',
    '@media (max-width: 640px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  required: { color: tokens.colorPaletteRedForeground3, paddingLeft: tokens.spacingHorizontalXS },
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  hint: { display: 'block', color: tokens.colorNeutralForeground2, paddingLeft: '36px', marginTop: '-6px' },
  error: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteRedForeground1,
    marginTop: tokens.spacingVerticalXS,
  },
  errorIcon: { flexShrink: 0 },
  // As tall as the checkboxes beside it, whatever it shows: pointing at a role must not move the dialog (and the
  // checkbox under the pointer) as the dialog re-centres on its new height. Longer content scrolls.
  panelFrame: { position: 'relative', minHeight: '240px' },
  panel: {
    position: 'absolute',
    inset: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  panelTitle: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  sectionTitle: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, margin: 0 },
  permissions: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  permission: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  check: { flexShrink: 0, color: tokens.colorPaletteGreenForeground1, position: 'relative', top: '2px' },
  muted: { color: tokens.colorNeutralForeground2 },
});

interface RolePickerProps {
  value: readonly RoleName[];
  onChange: (roles: RoleName[]) => void;
  /** A message under the roles (none chosen, or the server refused them). */
  error?: string | undefined;
  /** A role that cannot be un-ticked here (your own Admin role), and why. */
  locked?: { role: RoleName; reason: string } | undefined;
}

/**
 * The roles as checkboxes, each with a one-line summary, and beside them what the chosen roles (and the one hovered or
 * focused) allow, permission by permission, as GET /roles grants them.
 */
export function RolePicker({ value, onChange, error, locked }: RolePickerProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useId('role-picker');
  const [hovered, setHovered] = useState<RoleName | null>(null);
  const [focused, setFocused] = useState<RoleName | null>(null);
  const previewed = hovered ?? focused;
  const shown = ROLE_NAMES.filter((role) => value.includes(role) || role === previewed);

  const toggle = (role: RoleName, checked: boolean) => {
    onChange(ROLE_NAMES.filter((name) => (name === role ? checked : value.includes(name))));
  };

  return (
    <div className={styles.root}>
      <fieldset className={styles.fieldset} aria-describedby={error ? `${id}-error` : undefined}>
        <legend className={styles.legend}>
          {t('operators.rolesLabel')}
          <span className={styles.required} aria-hidden>
            *
          </span>
        </legend>
        <div className={styles.roles}>
          {ROLE_NAMES.map((role) => {
            const isLocked = locked?.role === role;
            return (
              <div
                key={role}
                onMouseEnter={() => {
                  setHovered(role);
                }}
                onMouseLeave={() => {
                  setHovered((current) => (current === role ? null : current));
                }}
              >
                <Checkbox
                  checked={value.includes(role)}
                  disabled={isLocked}
                  label={roleName(t, role)}
                  input={{
                    'aria-describedby': `${id}-${role}-hint`,
                    onFocus: () => {
                      setFocused(role);
                    },
                    onBlur: () => {
                      setFocused((current) => (current === role ? null : current));
                    },
                  }}
                  onChange={(_event, data) => {
                    toggle(role, data.checked === true);
                  }}
                />
                <Text id={`${id}-${role}-hint`} size={200} className={styles.hint}>
                  {isLocked ? locked.reason : t(`operators.roleSummary.${role}`)}
                </Text>
              </div>
            );
          })}
        </div>
        {error ? (
          <Text id={`${id}-error`} size={200} className={styles.error}>
            <ErrorCircle12Filled className={styles.errorIcon} aria-hidden />
            {error}
          </Text>
        ) : null}
      </fieldset>
      <div className={styles.panelFrame}>
        {/* Focusable so that keyboard users can scroll it when it overflows. */}
        <section className={styles.panel} aria-labelledby={`${id}-panel-title`} tabIndex={0}>
          <Text as="h3" id={`${id}-panel-title`} size={300} weight="semibold" className={styles.panelTitle}>
            {t('operators.allows.title')}
          </Text>
          {shown.length === 0 ? (
            <Text className={styles.muted}>{t('operators.allows.none')}</Text>
          ) : (
            <RolePermissions roles={shown} chosen={value} />
          )}
        </section>
      </div>
    </div>
  );
}

/**
 * One section per role, chosen roles first and a previewed one last. Each permission is listed once, under the first
 * role that grants it (every role grants the few that everyone has): a later section lists what its role adds, and
 * says how many of its permissions are already listed above.
 */
function RolePermissions({ roles, chosen }: { roles: readonly RoleName[]; chosen: readonly RoleName[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useId('role-permissions');
  const list = useRoles();
  if (list.isPending) return <Spinner size="tiny" label={t('common.loading')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const ordered = [...roles.filter((role) => chosen.includes(role)), ...roles.filter((role) => !chosen.includes(role))];
  const listed = new Set<string>();
  return (
    <>
      {ordered.map((role) => {
        const permissions = list.data.find((entry) => entry.name === role)?.permissions ?? [];
        const added = permissions.filter((permission) => !listed.has(permission));
        for (const permission of permissions) listed.add(permission);
        const above = permissions.length - added.length;
        return (
          <div key={role} className={styles.section} role="group" aria-labelledby={`${id}-${role}`}>
            <Text as="h4" id={`${id}-${role}`} size={300} weight="semibold" className={styles.sectionTitle}>
              {t('operators.allows.role', { role: roleName(t, role) })}
              {chosen.includes(role) ? null : (
                <Badge appearance="outline" color="informative" size="small">
                  {t('operators.allows.notChosen')}
                </Badge>
              )}
            </Text>
            {added.length > 0 ? (
              <ul className={styles.permissions}>
                {added.map((permission) => (
                  <li key={permission} className={styles.permission}>
                    <CheckmarkRegular className={styles.check} aria-hidden />
                    <Text>{permissionDescription(t, permission)}</Text>
                  </li>
                ))}
              </ul>
            ) : null}
            {above > 0 ? (
              <Text size={200} className={styles.muted}>
                {added.length > 0
                  ? t('operators.allows.andAbove', { count: above })
                  : t('operators.allows.nothingMore')}
              </Text>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
