import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { DateTime, EMAIL_MAX_LENGTH, EmailAddress, Name, Uuid } from '../../platform/http/schemas.ts';

// Actions and target types are names in the code (`<resource>.<past participle>`, `api_token`…), far shorter than
// the 100 characters their filters below accept; every target is a row with a UUID; the longest label is an e-mail
// address (the others are names, `SR-<number> <title>`, `<reference> <title>`, `<code> <name>`).
const CodeName = Type.String({ maxLength: 100 });

export const AuditEntrySchema = Type.Object(
  {
    id: Type.String({ maxLength: 19, description: 'A bigint, as text (19 digits at most)' }),
    occurredAt: DateTime,
    action: CodeName,
    actor: Type.Union([Type.Object({ id: Uuid, email: EmailAddress, displayName: Name }), Type.Null()]),
    target: Type.Object({
      type: CodeName,
      id: Uuid,
      label: Type.Union([Type.String({ maxLength: EMAIL_MAX_LENGTH }), Type.Null()]),
    }),
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
  actorId: Type.Optional(Uuid),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
});
export type AuditLogQuery = Static<typeof AuditLogQuery>;
