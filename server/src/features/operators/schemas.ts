import Type, { type Static } from 'typebox';
import { permissions, roleNames, type Permission } from '../../core/tenancy/roles.ts';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { DateTime, EmailAddress, Int32, Name, NullableDateTime, Uuid } from '../../platform/http/schemas.ts';

const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });
const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('reader'),
  Type.Literal('admin_agent'),
  Type.Literal('helpdesk_agent'),
  Type.Literal('program_admin'),
]);
const Roles = Type.Array(Role, { minItems: 1, maxItems: roleNames.length, uniqueItems: true });

export const RoleSchema = Type.Object(
  {
    name: Role,
    permissions: Type.Array(Type.Unsafe<Permission>({ type: 'string', enum: [...permissions] }), {
      maxItems: permissions.length,
    }),
  },
  { $id: 'Role' },
);
export const RoleList = Type.Object(
  { items: Type.Array(RoleSchema, { maxItems: roleNames.length }) },
  { $id: 'RoleList' },
);
// An operator's roles: a set, as every input of them.
const HeldRoles = Type.Array(Role, { maxItems: roleNames.length });

export const OperatorSchema = Type.Object(
  {
    id: Uuid,
    email: EmailAddress,
    displayName: Name,
    roles: HeldRoles,
    status: Type.Union([Type.Literal('active'), Type.Literal('pending')]),
    lastSignInAt: NullableDateTime,
    createdAt: DateTime,
    invitation: Type.Union([
      Type.Object({
        expiresAt: DateTime,
        lastSentAt: DateTime,
        sendCount: Int32(0, undefined, { description: '0 for an operator imported and never invited yet' }),
        expired: Type.Boolean(),
      }),
      Type.Null(),
    ]),
    isSelf: Type.Boolean(),
  },
  { $id: 'Operator' },
);
export type Operator = Static<typeof OperatorSchema>;
export const OperatorCollection = Collection(OperatorSchema, 'Operator');

export const OperatorListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('pending')], { default: 'active' })),
  search: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('lastSignIn')])),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});
export type OperatorListQuery = Static<typeof OperatorListQuery>;

export const OperatorParams = Type.Object({ id: Uuid });

export const AddOperatorBody = Type.Object(
  { email: Email, roles: Roles, displayName: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type AddOperatorBody = Static<typeof AddOperatorBody>;

export const UpdateOperatorBody = Type.Object({ roles: Roles }, { additionalProperties: false });
export type UpdateOperatorBody = Static<typeof UpdateOperatorBody>;

export const InvitationTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const InvitationSchema = Type.Object(
  {
    email: EmailAddress,
    displayName: Name,
    organization: Type.Object({ name: Name }),
    roles: HeldRoles,
    language: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    expiresAt: DateTime,
    sso: Type.Object({ available: Type.Boolean(), required: Type.Boolean() }),
  },
  { $id: 'OperatorInvitation' },
);
export type Invitation = Static<typeof InvitationSchema>;

export const AcceptInvitationBody = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    password: Type.String({ minLength: 12, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;
