import { withQuery } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';
import type { MailMessage } from './types';

/** Messages of the development mailbox, newest first, optionally for one recipient. */
export function useMailbox(recipient: string) {
  return useCollection<MailMessage>(['devmailbox', recipient], withQuery('/dev/mailbox', { recipient, size: 50 }));
}
