import type { ErrorCode } from '../errors/app-error.ts';
import { isReason, reasonText } from './reasons.ts';

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
    invalid_cursor: {
      title: 'Page link not valid',
      detail:
        'This page link was not issued for this list, its sort and its filters: reload the list from its first page.',
    },
    malformed_url: { title: 'Invalid address', detail: 'The address contains an invalid %-encoded character.' },
    bad_request: { title: 'Invalid request', detail: 'The request could not be read as HTTP.' },
    request_timeout: { title: 'Request too slow', detail: 'The request did not arrive in time. Try again.' },
    payload_too_large: { title: 'Request too large', detail: 'The request body is larger than the server accepts.' },
    uri_too_long: { title: 'Address too long', detail: 'A part of the address is longer than the server accepts.' },
    unsupported_media_type: {
      title: 'Unsupported format',
      detail: 'The request body is in a format this address does not accept (send application/json).',
    },
    headers_too_large: {
      title: 'Headers too large',
      detail: 'The request headers are larger than the server accepts.',
    },
    shutting_down: {
      title: 'Restarting',
      detail: 'This instance of the service is stopping. Try again: another instance will answer.',
    },
    conflict: { title: 'Conflict', detail: 'This change conflicts with the current state: {reason}.' },
    email_taken: { title: 'Already an operator', detail: 'An operator with the address {email} already exists.' },
    last_admin: {
      title: 'Last Admin',
      detail: 'The organisation must keep at least one Admin: give the Admin role to someone else first.',
    },
    idempotency_key_in_flight: {
      title: 'Still in progress',
      detail: 'A request with this Idempotency-Key is still being processed. Try again in a moment.',
    },
    idempotency_key_mismatch: {
      title: 'Idempotency-Key already used',
      detail: 'This Idempotency-Key was used for a different request. Use a new key for a new request.',
    },
    cannot_change_self: {
      title: 'Not on your own account',
      detail: 'You cannot remove yourself or take away your own Admin role: ask another Admin.',
    },
    consumer_mailbox: {
      title: 'Work address required',
      detail: '{domain} is a personal mailbox service. Operators must use an address of your organisation.',
    },
    email_domain_not_verified: {
      title: 'Address outside your organisation',
      detail: "{domain} is not one of your organisation's verified domains.",
    },
    sso_required: {
      title: 'Single sign-on required',
      detail: 'Your organisation requires single sign-on: choose "Sign in with single sign-on".',
    },
    sso_unavailable: {
      title: 'Single sign-on not available',
      detail: 'Single sign-on is not set up for this address. Sign in with your password or ask your Admin.',
    },
    sso_failed: {
      title: 'Single sign-on failed',
      detail: 'Your identity provider did not confirm who you are ({reason}). Try again or ask your Admin.',
    },
    sso_address_refused: {
      title: 'Address not allowed',
      detail:
        '{host} is an address Relais does not contact ({reason}). If your identity provider is on a private network, ask the people who run this Relais to allow it.',
    },
    sso_discovery_failed: {
      title: 'Identity provider not confirmed',
      detail:
        'Relais could not read a valid OpenID Connect configuration from {issuer} ({reason}). Check the issuer URL; nothing was saved.',
    },
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
    rate_limited: {
      title: 'Too many requests',
      detail: 'You have reached the limit of requests for now. Try again in {seconds} seconds.',
    },
    internal: { title: 'Unexpected error', detail: 'Something went wrong on our side. Quote request {requestId}.' },
    not_ready: { title: 'Not ready', detail: 'The service is starting or its database is unreachable.' },
    overloaded: { title: 'Busy', detail: 'The service is busy. Try again in {seconds} seconds.' },
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
    invalid_cursor: {
      title: 'Lien de page invalide',
      detail:
        "Ce lien de page n'a pas été émis pour cette liste, son tri et ses filtres : rechargez la liste depuis sa première page.",
    },
    malformed_url: { title: 'Adresse invalide', detail: "L'adresse contient un caractère encodé en % invalide." },
    bad_request: { title: 'Requête invalide', detail: "La requête n'a pas pu être lue comme du HTTP." },
    request_timeout: { title: 'Requête trop lente', detail: "La requête n'est pas arrivée à temps. Réessayez." },
    payload_too_large: {
      title: 'Requête trop volumineuse',
      detail: 'Le corps de la requête dépasse la taille acceptée par le serveur.',
    },
    uri_too_long: {
      title: 'Adresse trop longue',
      detail: "Une partie de l'adresse dépasse la longueur acceptée par le serveur.",
    },
    unsupported_media_type: {
      title: 'Format non pris en charge',
      detail: "Le corps de la requête est dans un format que cette adresse n'accepte pas (envoyez application/json).",
    },
    headers_too_large: {
      title: 'En-têtes trop volumineux',
      detail: 'Les en-têtes de la requête dépassent la taille acceptée par le serveur.',
    },
    shutting_down: {
      title: 'Redémarrage',
      detail: "Cette instance du service s'arrête. Réessayez : une autre instance répondra.",
    },
    conflict: { title: 'Conflit', detail: "Cette modification est en conflit avec l'état actuel : {reason}." },
    email_taken: { title: 'Déjà opérateur', detail: "Un opérateur avec l'adresse {email} existe déjà." },
    last_admin: {
      title: 'Dernier administrateur',
      detail:
        "L'organisation doit garder au moins un administrateur : donnez d'abord le rôle Admin à quelqu'un d'autre.",
    },
    idempotency_key_in_flight: {
      title: 'Traitement en cours',
      detail: 'Une requête avec cette Idempotency-Key est encore en cours de traitement. Réessayez dans un instant.',
    },
    idempotency_key_mismatch: {
      title: 'Idempotency-Key déjà utilisée',
      detail:
        'Cette Idempotency-Key a servi pour une autre requête. Utilisez une nouvelle clé pour une nouvelle requête.',
    },
    cannot_change_self: {
      title: 'Pas sur votre propre compte',
      detail: 'Vous ne pouvez ni vous retirer ni vous enlever le rôle Admin : demandez à un autre administrateur.',
    },
    consumer_mailbox: {
      title: 'Adresse professionnelle requise',
      detail:
        '{domain} est une messagerie personnelle. Les opérateurs doivent utiliser une adresse de votre organisation.',
    },
    email_domain_not_verified: {
      title: 'Adresse hors de votre organisation',
      detail: '{domain} ne fait pas partie des domaines vérifiés de votre organisation.',
    },
    sso_required: {
      title: 'Authentification unique requise',
      detail:
        "Votre organisation exige l'authentification unique : choisissez « Se connecter avec l'authentification unique ».",
    },
    sso_unavailable: {
      title: 'Authentification unique indisponible',
      detail:
        "L'authentification unique n'est pas configurée pour cette adresse. Connectez-vous avec votre mot de passe ou contactez votre administrateur.",
    },
    sso_failed: {
      title: "Échec de l'authentification unique",
      detail:
        "Votre fournisseur d'identité n'a pas confirmé votre identité ({reason}). Réessayez ou contactez votre administrateur.",
    },
    sso_address_refused: {
      title: 'Adresse non autorisée',
      detail:
        "{host} est une adresse que Relais ne contacte pas ({reason}). Si votre fournisseur d'identité est sur un réseau privé, demandez aux responsables de ce Relais de l'autoriser.",
    },
    sso_discovery_failed: {
      title: "Fournisseur d'identité non confirmé",
      detail:
        "Relais n'a pas pu lire une configuration OpenID Connect valide depuis {issuer} ({reason}). Vérifiez l'URL de l'émetteur : rien n'a été enregistré.",
    },
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
    rate_limited: {
      title: 'Trop de requêtes',
      detail: 'Vous avez atteint la limite de requêtes pour le moment. Réessayez dans {seconds} secondes.',
    },
    internal: {
      title: 'Erreur inattendue',
      detail: 'Une erreur est survenue de notre côté. Indiquez la requête {requestId}.',
    },
    not_ready: { title: 'Service indisponible', detail: 'Le service démarre ou sa base de données est injoignable.' },
    overloaded: { title: 'Service occupé', detail: 'Le service est occupé. Réessayez dans {seconds} secondes.' },
  },
};

/** Fills {placeholders} in a message. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** Fills a problem's detail: a `reason` code among the params becomes its sentence in the locale, filled in turn. */
export function formatDetail(locale: Locale, template: string, params: Record<string, string | number>): string {
  const { reason } = params;
  return format(
    template,
    isReason(reason) ? { ...params, reason: format(reasonText(locale, reason), params) } : params,
  );
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
