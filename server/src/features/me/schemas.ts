import Type, { type Static } from 'typebox';
import { pages, permissions, roleNames } from '../../core/tenancy/roles.ts';
import { DomainName, EmailAddress, Name, OneOf, Uuid } from '../../platform/http/schemas.ts';

const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

export const MeSchema = Type.Object(
  {
    user: Type.Object({
      id: Uuid,
      email: EmailAddress,
      displayName: Name,
      language: Type.Union([Language, Type.Null()]),
    }),
    organization: Type.Object({
      id: Uuid,
      kind: Type.Union([
        Type.Literal('vendor'),
        Type.Literal('distributor'),
        Type.Literal('partner'),
        Type.Literal('customer'),
      ]),
      name: Name,
      primaryDomain: DomainName,
    }),
    // Each at most once: the lists are sets.
    roles: Type.Array(Type.Enum(roleNames), { maxItems: roleNames.length }),
    permissions: Type.Array(OneOf(permissions), { maxItems: permissions.length }),
    pages: Type.Array(Type.Enum([...pages]), { maxItems: pages.length }),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof MeSchema>;

export const UpdateMeBody = Type.Object(
  { language: Type.Optional(Language) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;
