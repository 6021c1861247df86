import { customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// node-postgres reads bytea as a Buffer, PGlite as a Uint8Array: both become a Buffer here.
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Idempotency-Key claims and the answers they keep (migration 0009): platform-level, per caller, written only by
 * system statements. No foreign key to users: a claim must not take a lock on the caller's row.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    callerId: uuid('caller_id').notNull(),
    keyHash: text('key_hash').notNull(),
    fingerprint: text('fingerprint').notNull(),
    claim: uuid('claim').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    statusCode: integer('status_code'),
    response: bytea('response'),
  },
  (t) => [primaryKey({ columns: [t.callerId, t.keyHash] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
