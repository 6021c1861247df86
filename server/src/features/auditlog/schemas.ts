import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';

export const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    occurredAt: Type.String({ format: 'date-time' }),
    action: Type.String(),
    actor: Type.Union([
      Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() }),
      Type.Null(),
    ]),
    target: Type.Object({ type: Type.String(), id: Type.String(), label: Type.Union([Type.String(), Type.Null()]) }),
    changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditEntryCollection = Collection(AuditEntrySchema, 'AuditEntry');

export const AuditLogQuery = Type.Object({
  ...PageQuery.properties,
  action: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'exact action or a prefix ending in .' }),
  ),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});
export type AuditLogQuery = Static<typeof AuditLogQuery>;
