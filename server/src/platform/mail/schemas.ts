import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../http/pagination.ts';

export const MailMessageSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    recipient: Type.String(),
    subject: Type.String(),
    text: Type.String(),
    html: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'MailMessage' },
);
export type MailMessage = Static<typeof MailMessageSchema>;

export const MailMessageCollection = Collection(MailMessageSchema, 'MailMessage');

export const MailboxQuery = Type.Object({
  ...PageQuery.properties,
  recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
});
