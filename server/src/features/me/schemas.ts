import Type, { type Static } from 'typebox';
import { pages, roleNames } from '../../platform/access/roles.ts';

const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

export const MeSchema = Type.Object(
  {
    user: Type.Object({
      id: Type.String({ format: 'uuid' }),
      email: Type.String(),
      displayName: Type.String(),
      language: Type.Union([Language, Type.Null()]),
    }),
    organization: Type.Object({
      id: Type.String({ format: 'uuid' }),
      kind: Type.Union([
        Type.Literal('vendor'),
        Type.Literal('distributor'),
        Type.Literal('partner'),
        Type.Literal('customer'),
      ]),
      name: Type.String(),
      primaryDomain: Type.String(),
    }),
    roles: Type.Array(Type.Enum(roleNames)),
    permissions: Type.Array(Type.String()),
    pages: Type.Array(Type.Enum([...pages])),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof MeSchema>;

export const UpdateMeBody = Type.Object(
  { language: Type.Optional(Language) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;
