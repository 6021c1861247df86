import { format, type Locale } from '../i18n/messages.ts';

/** What each template needs; dates are formatted in the message's language. */
export interface MailParams {
  activation_customer: { senderName: string; organizationName: string; url: string; expiresAt: Date };
  activation_partner: { senderName: string; organizationName: string; url: string; expiresAt: Date };
  operator_invitation: { inviterName: string; organizationName: string; roles: string; url: string; expiresAt: Date };
  operator_roles_changed: { organizationName: string; roles: string; url: string };
  operator_removed: { organizationName: string; url: string };
  relationship_request: {
    providerName: string;
    customerName: string;
    roles: string;
    durationDays: number;
    url: string;
  };
}
export type MailTemplate = keyof MailParams;

interface MailText {
  subject: string;
  /** Paragraphs, each a {placeholder} template. */
  paragraphs: string[];
  /** The label of the one link the message leads to ({url}). */
  action: string;
}

// A typed table, as the error messages: the compiler checks that every template exists in both languages.
export const mailTexts: Record<Locale, Record<MailTemplate, MailText>> = {
  en: {
    activation_customer: {
      subject: '{senderName} invites {organizationName} to Relais',
      paragraphs: [
        'Hello,',
        '{senderName} invites you to create the customer account of {organizationName} on Relais, the partner portal.',
        'Open the link below to choose your primary domain and your password. The link can be used once and expires on {expiresAt}.',
      ],
      action: 'Activate your account',
    },
    activation_partner: {
      subject: '{senderName} invites {organizationName} to join its partner network on Relais',
      paragraphs: [
        'Hello,',
        '{senderName} invites you to create the partner account of {organizationName} on Relais, the partner portal.',
        'Open the link below to choose your primary domain and your password. The link can be used once and expires on {expiresAt}.',
      ],
      action: 'Activate your account',
    },
    operator_invitation: {
      subject: '{inviterName} invites you to Relais for {organizationName}',
      paragraphs: [
        'Hello,',
        '{inviterName} invites you to use Relais, the partner portal, as an operator of {organizationName}, with these roles: {roles}.',
        'Open the link below to set your password or to sign in with your work account. The link can be used once and expires on {expiresAt}.',
      ],
      action: 'Accept the invitation',
    },
    operator_roles_changed: {
      subject: 'Your roles in Relais for {organizationName} changed',
      paragraphs: [
        'Hello,',
        'An Admin of {organizationName} changed your roles in Relais. You now have: {roles}.',
        'The change applies from your next action in the portal.',
      ],
      action: 'Open Relais',
    },
    operator_removed: {
      subject: 'Your access to Relais for {organizationName} was removed',
      paragraphs: [
        'Hello,',
        'An Admin of {organizationName} removed your access to Relais. Your sessions and API tokens no longer work.',
        'If you think this is a mistake, contact an Admin of your organisation.',
      ],
      action: 'Relais',
    },
    relationship_request: {
      subject: '{providerName} requests delegated admin access to {customerName}',
      paragraphs: [
        'Hello,',
        '{providerName} requests a delegated admin relationship with {customerName} for {durationDays} days, with these roles: {roles}.',
        'Sign in to Relais to approve or decline the request. Nothing changes until you approve it.',
      ],
      action: 'Review the request',
    },
  },
  fr: {
    activation_customer: {
      subject: '{senderName} invite {organizationName} sur Relais',
      paragraphs: [
        'Bonjour,',
        '{senderName} vous invite à créer le compte client de {organizationName} sur Relais, le portail partenaires.',
        "Ouvrez le lien ci-dessous pour choisir votre domaine principal et votre mot de passe. Le lien ne sert qu'une fois et expire le {expiresAt}.",
      ],
      action: 'Activer votre compte',
    },
    activation_partner: {
      subject: '{senderName} invite {organizationName} à rejoindre son réseau de partenaires sur Relais',
      paragraphs: [
        'Bonjour,',
        '{senderName} vous invite à créer le compte partenaire de {organizationName} sur Relais, le portail partenaires.',
        "Ouvrez le lien ci-dessous pour choisir votre domaine principal et votre mot de passe. Le lien ne sert qu'une fois et expire le {expiresAt}.",
      ],
      action: 'Activer votre compte',
    },
    operator_invitation: {
      subject: '{inviterName} vous invite sur Relais pour {organizationName}',
      paragraphs: [
        'Bonjour,',
        "{inviterName} vous invite à utiliser Relais, le portail partenaires, en tant qu'opérateur de {organizationName}, avec ces rôles : {roles}.",
        "Ouvrez le lien ci-dessous pour choisir votre mot de passe ou vous connecter avec votre compte professionnel. Le lien ne sert qu'une fois et expire le {expiresAt}.",
      ],
      action: "Accepter l'invitation",
    },
    operator_roles_changed: {
      subject: 'Vos rôles dans Relais pour {organizationName} ont changé',
      paragraphs: [
        'Bonjour,',
        'Un administrateur de {organizationName} a modifié vos rôles dans Relais. Vous avez désormais : {roles}.',
        "Le changement s'applique dès votre prochaine action dans le portail.",
      ],
      action: 'Ouvrir Relais',
    },
    operator_removed: {
      subject: 'Votre accès à Relais pour {organizationName} a été retiré',
      paragraphs: [
        'Bonjour,',
        "Un administrateur de {organizationName} a retiré votre accès à Relais. Vos sessions et jetons d'API ne fonctionnent plus.",
        "Si vous pensez qu'il s'agit d'une erreur, contactez un administrateur de votre organisation.",
      ],
      action: 'Relais',
    },
    relationship_request: {
      subject: "{providerName} demande un accès d'administration délégué à {customerName}",
      paragraphs: [
        'Bonjour,',
        "{providerName} demande une relation d'administration déléguée avec {customerName} pour {durationDays} jours, avec ces rôles : {roles}.",
        "Connectez-vous à Relais pour approuver ou refuser la demande. Rien ne change tant que vous ne l'avez pas approuvée.",
      ],
      action: 'Examiner la demande',
    },
  },
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// Control characters (CR and LF among them), line and paragraph separators, and bidirectional overrides and isolates:
// a name chosen by someone else (an organisation's, a sender's) must not add lines to a message or a header, nor
// reorder what the reader sees around it.
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;
/** How long a name may be in a Subject; the whole Subject is bounded too. */
export const SUBJECT_PARAM_MAX = 80;
export const SUBJECT_MAX = 200;

/** One line of plain text: unprintable characters become spaces, runs of spaces one. */
export function singleLine(text: string): string {
  return text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
}

function bounded(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function textParams(language: Locale, params: object): Record<string, string | number> {
  const dates = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] =
      value instanceof Date ? dates.format(value) : typeof value === 'number' ? value : singleLine(String(value));
  }
  return out;
}

/** Renders a template in a language: plain text, and simple HTML in which every parameter is escaped. */
export function renderMail<T extends MailTemplate>(template: T, language: Locale, params: MailParams[T]): RenderedMail {
  const texts = mailTexts[language][template];
  const values = textParams(language, params);
  const escaped = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(String(v))]));
  const url = String(values.url ?? '');
  const paragraphs = texts.paragraphs.map((p) => format(p, values));
  // French typography puts a space before the colon.
  const text = [...paragraphs, `${texts.action}${language === 'fr' ? ' : ' : ': '}${url}`].join('\n\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    ...texts.paragraphs.map((p) => `<p>${format(escapeHtml(p), escaped)}</p>`),
    `<p><a href="${escapeHtml(url)}">${escapeHtml(texts.action)}</a></p>`,
    '</body></html>',
  ].join('\n');
  const subjectValues = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? bounded(v, SUBJECT_PARAM_MAX) : v]),
  );
  return { subject: bounded(format(texts.subject, subjectValues), SUBJECT_MAX), text, html };
}
