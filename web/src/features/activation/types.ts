import type { RequestBody, Schema } from '../../api/types';

/** An activation link as GET /api/v1/activationlinks lists it; `url` is only set on pending links. */
export type ActivationLink = Schema<'ActivationLink'>;
export type ActivationKind = ActivationLink['kind'];
export type ActivationStatus = ActivationLink['status'];

/** The status tabs of the activation links page, in display order. */
export const ACTIVATION_STATUSES: readonly ActivationStatus[] = ['pending', 'used', 'expired', 'revoked'];

export type SendActivationLinkBody = RequestBody<'/api/v1/activationlinks', 'post'>;

export type Sku = Schema<'Sku'>;
export type Product = Schema<'Product'>;
