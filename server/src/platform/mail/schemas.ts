import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../http/pagination.ts';
import { DateTime, EmailAddress, Uuid } from '../http/schemas.ts';
import { SUBJECT_MAX } from './templates.ts';

// The templates (templates.ts) are under 1,000 characters with at most 5 parameters of at most 400 (names, an e-mail
// address, a link of this deployment); escaping for HTML makes a character at most 6.
const TEXT_MAX_LENGTH = 8000;
const HTML_MAX_LENGTH = 32_000;

export const MailMessageSchema = Type.Object(
  {
    id: Uuid,
    recipient: EmailAddress,
    subject: Type.String({ maxLength: SUBJECT_MAX }),
    text: Type.String({ maxLength: TEXT_MAX_LENGTH }),
    html: Type.String({ maxLength: HTML_MAX_LENGTH }),
    createdAt: DateTime,
  },
  { $id: 'MailMessage' },
);
export type MailMessage = Static<typeof MailMessageSchema>;

export const MailMessageCollection = Collection(MailMessageSchema, 'MailMessage');

export const MailboxQuery = Type.Object({
  ...PageQuery.properties,
  recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
});
