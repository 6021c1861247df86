/** A message kept by the development mailbox (no SMTP_URL configured). */
export interface MailMessage {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}
