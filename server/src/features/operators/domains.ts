/**
 * Operators must be work accounts (seed 002): an address of one of the organisation's verified domains, never a
 * consumer mailbox. The list is the public webmail and ISP domains users actually type; families with many national
 * domains (yahoo.*, gmx.*, hotmail.*…) match on their first label.
 */
const consumerDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'outlook.fr',
  'hotmail.com',
  'hotmail.fr',
  'live.com',
  'live.fr',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.fr',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'tutanota.com',
  'zoho.com',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'neuf.fr',
  'bbox.fr',
  'laposte.net',
  'numericable.fr',
  'club-internet.fr',
  'web.de',
  't-online.de',
  'libero.it',
  'skynet.be',
  'bluewin.ch',
]);
const consumerFamilies = new Set(['yahoo', 'ymail', 'gmx', 'hotmail', 'outlook', 'live']);

/** The domain of an address, lower-cased; null when the address has no usable domain. */
export function domainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

export function isConsumerDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (consumerDomains.has(d)) return true;
  const first = d.split('.')[0] ?? '';
  return consumerFamilies.has(first) && d.split('.').length <= 3;
}

export type EmailDomainRefusal = 'consumer_mailbox' | 'domain_not_verified';

/**
 * Why an address may not be an operator of an organisation with these verified domains (its primary domain
 * included), or null when it may. A subdomain of a verified domain is accepted (mail.adatum.example).
 */
export function operatorEmailRefusal(
  email: string,
  organization: { primaryDomain: string; verifiedDomains: readonly string[] },
): EmailDomainRefusal | null {
  const domain = domainOf(email);
  if (!domain) return 'domain_not_verified';
  if (isConsumerDomain(domain)) return 'consumer_mailbox';
  const verified = [organization.primaryDomain, ...organization.verifiedDomains].map((d) => d.toLowerCase());
  return verified.some((v) => domain === v || domain.endsWith(`.${v}`)) ? null : 'domain_not_verified';
}
