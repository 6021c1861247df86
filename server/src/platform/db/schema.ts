// Every table of every feature, for Drizzle and drizzle-kit. Features own their tables; this file only lists them.
export * from '../../features/organizations/tables.ts';
export * from '../../features/users/tables.ts';
export * from '../auth/tables.ts';
export * from '../events/tables.ts';
export * from '../idempotency/tables.ts';
export * from '../../features/catalogue/tables.ts';
export * from '../../features/subscriptions/tables.ts';
export * from '../../features/servicehealth/tables.ts';
export * from '../../features/servicerequests/tables.ts';
export * from '../../features/customers/tables.ts';
export * from '../../features/activation/tables.ts';
export * from '../mail/tables.ts';
export * from '../../features/operators/tables.ts';
export * from '../../features/sso/tables.ts';
