import type { AdminCenter, CommerceType } from '../core/catalogue/tables.ts';

/** The demo vendor's catalogue: four services, SKUs of both commerce types. */
export const products: {
  name: string;
  adminCenters: AdminCenter[];
  skus: { code: string; name: string; commerceType: CommerceType }[];
}[] = [
  {
    name: 'Relais Mail',
    adminCenters: [
      { name: 'Mail admin centre', urlTemplate: 'https://mail.relais.example/admin/{tenantId}' },
      { name: 'Message trace', urlTemplate: 'https://mail.relais.example/trace?tenant={tenantId}' },
    ],
    skus: [
      { code: 'MAIL-BASIC', name: 'Mail Basic', commerceType: 'new_commerce' },
      { code: 'MAIL-PREMIUM', name: 'Mail Premium', commerceType: 'legacy' },
    ],
  },
  {
    name: 'Relais Teamwork',
    adminCenters: [{ name: 'Teamwork admin centre', urlTemplate: 'https://teamwork.relais.example/{domain}/admin' }],
    skus: [
      { code: 'TEAM-STD', name: 'Teamwork Standard', commerceType: 'new_commerce' },
      { code: 'TEAM-ENT', name: 'Teamwork Enterprise', commerceType: 'legacy' },
    ],
  },
  {
    name: 'Relais Security',
    adminCenters: [{ name: 'Security centre', urlTemplate: 'https://security.relais.example/tenants/{tenantId}' }],
    skus: [
      { code: 'SEC-E3', name: 'Security E3', commerceType: 'new_commerce' },
      { code: 'SEC-E5', name: 'Security E5', commerceType: 'legacy' },
    ],
  },
  {
    name: 'Relais Backup',
    adminCenters: [{ name: 'Backup console', urlTemplate: 'https://backup.relais.example/console/{tenantId}' }],
    skus: [{ code: 'BKP-1TB', name: 'Backup 1 TB', commerceType: 'new_commerce' }],
  },
];
