// Every table, for drizzle-kit (server/drizzle.config.ts): the tenancy kernel's, the platform's and the features'.
// Each owns its tables; this file only lists them, as tasks.ts lists the tasks.
export * from './core/tenancy/tables.ts';
export * from './core/tenancy/users.ts';
export * from './platform/auth/tables.ts';
export * from './platform/events/tables.ts';
export * from './platform/idempotency/tables.ts';
export * from './core/catalogue/tables.ts';
export * from './features/subscriptions/tables.ts';
export * from './features/servicehealth/tables.ts';
export * from './features/servicerequests/tables.ts';
export * from './features/customers/tables.ts';
export * from './features/activation/tables.ts';
export * from './platform/mail/tables.ts';
export * from './features/operators/tables.ts';
export * from './features/sso/tables.ts';
export * from './features/notifications/tables.ts';
