// Every table of every feature, for Drizzle and drizzle-kit. Features own their tables; this file only lists them.
export * from '../../features/organizations/tables.ts';
export * from '../../features/users/tables.ts';
export * from '../auth/tables.ts';
export * from '../events/tables.ts';
