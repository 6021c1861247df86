import type { ErrorCode } from '../errors/app-error.ts';

export type Locale = 'fr' | 'en';
export const locales: Locale[] = ['fr', 'en'];

interface ErrorText {
  title: string;
  detail: string;
}

// Server-side texts are few (problem details, later e-mails): a typed table checks at compile time that every code
// has both languages, which i18next would only report at run time.
export const errorMessages: Record<Locale, Record<ErrorCode, ErrorText>> = {
  en: {
    validation_failed: { title: 'Invalid request', detail: 'Some fields are missing or invalid: {fields}.' },
    unauthenticated: { title: 'Sign-in required', detail: 'Sign in to continue.' },
    invalid_credentials: { title: 'Sign-in failed', detail: 'The e-mail address or the password is incorrect.' },
    forbidden: { title: 'Not allowed', detail: 'Your role does not allow this action.' },
    csrf_rejected: {
      title: 'Request refused',
      detail: 'This request did not come from the Relais application and was refused.',
    },
    not_found: { title: 'Not found', detail: 'This item does not exist or you do not have access to it.' },
    route_not_found: { title: 'Not found', detail: 'There is no such address in the API.' },
    conflict: { title: 'Conflict', detail: 'This change conflicts with the current state: {reason}.' },
    link_expired: { title: 'Link expired', detail: 'This link has expired. Ask the sender for a new one.' },
    link_revoked: { title: 'Link revoked', detail: 'This link was revoked by its sender and can no longer be used.' },
    link_used: { title: 'Link already used', detail: 'This link has already been used. Sign in instead.' },
    precondition_failed: {
      title: 'Changed meanwhile',
      detail: 'Someone changed this item since you loaded it. Reload it and try again.',
    },
    too_many_attempts: {
      title: 'Too many attempts',
      detail: 'Too many failed sign-in attempts. Try again in {seconds} seconds.',
    },
    internal: { title: 'Unexpected error', detail: 'Something went wrong on our side. Quote request {requestId}.' },
    not_ready: { title: 'Not ready', detail: 'The service is starting or its database is unreachable.' },
  },
  fr: {
    validation_failed: { title: 'Requête invalide', detail: 'Des champs sont manquants ou invalides : {fields}.' },
    unauthenticated: { title: 'Connexion requise', detail: 'Connectez-vous pour continuer.' },
    invalid_credentials: {
      title: 'Échec de la connexion',
      detail: "L'adresse e-mail ou le mot de passe est incorrect.",
    },
    forbidden: { title: 'Action non autorisée', detail: "Votre rôle ne permet pas d'effectuer cette action." },
    csrf_rejected: {
      title: 'Requête refusée',
      detail: "Cette requête ne provient pas de l'application Relais et a été refusée.",
    },
    not_found: { title: 'Introuvable', detail: "Cet élément n'existe pas ou vous n'y avez pas accès." },
    route_not_found: { title: 'Introuvable', detail: "Cette adresse n'existe pas dans l'API." },
    conflict: { title: 'Conflit', detail: "Cette modification est en conflit avec l'état actuel : {reason}." },
    link_expired: { title: 'Lien expiré', detail: "Ce lien a expiré. Demandez-en un nouveau à l'expéditeur." },
    link_revoked: { title: 'Lien révoqué', detail: "Ce lien a été révoqué par l'expéditeur et n'est plus utilisable." },
    link_used: { title: 'Lien déjà utilisé', detail: 'Ce lien a déjà été utilisé. Connectez-vous.' },
    precondition_failed: {
      title: 'Modifié entre-temps',
      detail: "Quelqu'un a modifié cet élément depuis son chargement. Rechargez-le et réessayez.",
    },
    too_many_attempts: {
      title: 'Trop de tentatives',
      detail: 'Trop de tentatives de connexion échouées. Réessayez dans {seconds} secondes.',
    },
    internal: {
      title: 'Erreur inattendue',
      detail: 'Une erreur est survenue de notre côté. Indiquez la requête {requestId}.',
    },
    not_ready: { title: 'Service indisponible', detail: 'Le service démarre ou sa base de données est injoignable.' },
  },
};

/** Fills {placeholders} in a message. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** Picks fr or en from an Accept-Language header (first supported tag by quality), defaulting to English. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'en';
  const tags = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  const found = tags.find((t) => t.lang === 'fr' || t.lang === 'en');
  return (found?.lang as Locale | undefined) ?? 'en';
}
