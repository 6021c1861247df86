import type { FluentIcon } from '@fluentui/react-icons';
import {
  AlertRegular,
  BuildingRegular,
  DocumentSearchRegular,
  GiftRegular,
  KeyRegular,
  MegaphoneRegular,
  PeopleRegular,
  PeopleTeamRegular,
  SettingsRegular,
  ShieldKeyholeRegular,
  VehicleTruckProfileRegular,
} from '@fluentui/react-icons';
import type { ResponseBody } from '../api/types';

/** A page the server may list in `me.pages`. */
export type PageName = ResponseBody<'/api/v1/me', 'get'>['pages'][number];

export interface PageEntry {
  name: PageName;
  path: string;
  /** Translation key of the page title, also the navigation label. */
  labelKey: string;
  icon: FluentIcon;
  /** Shown nested under Settings in the navigation. */
  underSettings?: boolean;
}

/** Every page the server may list in `me.pages`, in navigation order. */
export const PAGES: readonly PageEntry[] = [
  { name: 'customers', path: '/customers', labelKey: 'nav.customers', icon: BuildingRegular },
  { name: 'partners', path: '/partners', labelKey: 'nav.partners', icon: PeopleTeamRegular },
  { name: 'distributors', path: '/distributors', labelKey: 'nav.distributors', icon: VehicleTruckProfileRegular },
  { name: 'organization', path: '/organization', labelKey: 'nav.organization', icon: BuildingRegular },
  { name: 'notifications', path: '/notifications', labelKey: 'nav.notifications', icon: AlertRegular },
  {
    name: 'publications',
    path: '/notifications/publications',
    labelKey: 'nav.publications',
    icon: MegaphoneRegular,
  },
  { name: 'rewards', path: '/rewards', labelKey: 'nav.rewards', icon: GiftRegular },
  { name: 'settings', path: '/settings', labelKey: 'nav.settings', icon: SettingsRegular },
  {
    name: 'operators',
    path: '/settings/operators',
    labelKey: 'nav.operators',
    icon: PeopleRegular,
    underSettings: true,
  },
  { name: 'sso', path: '/settings/sso', labelKey: 'nav.sso', icon: ShieldKeyholeRegular, underSettings: true },
  { name: 'tokens', path: '/settings/tokens', labelKey: 'nav.tokens', icon: KeyRegular, underSettings: true },
  {
    name: 'auditlog',
    path: '/settings/audit-log',
    labelKey: 'nav.auditlog',
    icon: DocumentSearchRegular,
    underSettings: true,
  },
];

/** The pages the server lets this user open, in navigation order. */
export function allowedPages(pages: readonly PageName[]): PageEntry[] {
  return PAGES.filter((page) => pages.includes(page.name));
}

/** Where to land after sign-in: the first page the user may open. */
export function firstPagePath(pages: readonly PageName[]): string | undefined {
  return allowedPages(pages)[0]?.path;
}
