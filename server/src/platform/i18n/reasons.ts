import type { Locale } from './messages.ts';

/**
 * Why a change conflicts, as a stable code with its sentence in each language: the code goes in the problem's
 * `reason` member for programs, the sentence into the translated detail for people (never English text inside a
 * French message). Sentences may hold {placeholders} filled from the error's params.
 */
const reasonTexts = {
  en: {
    no_billing_distributor: 'the partner has no active distributor relationship to bill the subscriptions',
    sender_no_billing_distributor: 'the sender has no active distributor to bill the subscriptions',
    link_used: 'the link has already been used',
    link_revoked: 'the link was revoked',
    domain_registered: 'the domain {domain} is already registered',
    email_has_account: '{email} already has an account',
    domain_or_admin_registered: 'the domain {domain} or the address of the Admin is already registered',
    relationship_open: 'a relationship with this customer is already open',
    relationship_pending: 'the relationship is still pending',
    relationship_active: 'the relationship is active',
    relationship_expiring: 'the relationship is expiring',
    relationship_expired: 'the relationship has expired',
    relationship_declined: 'the relationship was declined',
    relationship_terminated: 'the relationship was terminated',
    invitation_accepted: 'the operator has already accepted the invitation',
    entra_not_configured: 'Microsoft Entra ID is not set up on this deployment (ENTRA_CLIENT_ID)',
    directory_tenant_taken: 'this directory tenant is already recorded for another organisation',
    subscription_cancelled: 'the subscription is cancelled',
    subscription_expired: 'the subscription has expired',
    product_name_taken: 'a product with this name exists',
    sku_code_taken: 'a SKU with this code exists',
    sso_not_confirmed: 'the identity provider is not confirmed yet',
    mandatory_not_archivable: 'a mandatory action cannot be archived: complete it instead',
    not_an_action: 'only an action can be marked as done',
    publication_withdrawn: 'the publication has already been withdrawn',
  },
  fr: {
    no_billing_distributor:
      "le partenaire n'a aucune relation active avec un distributeur pour facturer les abonnements",
    sender_no_billing_distributor: "l'expéditeur n'a aucun distributeur actif pour facturer les abonnements",
    link_used: 'le lien a déjà été utilisé',
    link_revoked: 'le lien a été révoqué',
    domain_registered: 'le domaine {domain} est déjà enregistré',
    email_has_account: '{email} a déjà un compte',
    domain_or_admin_registered: "le domaine {domain} ou l'adresse de l'Admin est déjà enregistré",
    relationship_open: 'une relation avec ce client est déjà ouverte',
    relationship_pending: 'la relation est encore en attente',
    relationship_active: 'la relation est active',
    relationship_expiring: 'la relation arrive à échéance',
    relationship_expired: 'la relation a expiré',
    relationship_declined: 'la relation a été refusée',
    relationship_terminated: 'la relation a été résiliée',
    invitation_accepted: "l'opérateur a déjà accepté l'invitation",
    entra_not_configured: "Microsoft Entra ID n'est pas configuré sur ce déploiement (ENTRA_CLIENT_ID)",
    directory_tenant_taken: "ce locataire d'annuaire est déjà enregistré pour une autre organisation",
    subscription_cancelled: "l'abonnement est résilié",
    subscription_expired: "l'abonnement a expiré",
    product_name_taken: 'un produit porte déjà ce nom',
    sku_code_taken: 'un SKU porte déjà ce code',
    sso_not_confirmed: "le fournisseur d'identité n'est pas encore confirmé",
    mandatory_not_archivable: 'une action obligatoire ne peut pas être archivée : effectuez-la',
    not_an_action: 'seule une action peut être marquée comme effectuée',
    publication_withdrawn: 'la publication a déjà été retirée',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type Reason = keyof (typeof reasonTexts)['en'];

// Both languages hold the same codes: a reason missing in one fails typecheck here.
const sameCodes: Record<Reason, string> = reasonTexts.fr;
void sameCodes;

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(reasonTexts.en, value);
}

/** The sentence of a reason in a language, before its placeholders are filled. */
export function reasonText(locale: Locale, reason: Reason): string {
  return reasonTexts[locale][reason];
}
