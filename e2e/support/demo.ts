/** The demo data seeded at the first start of an empty database (server/src/seed/demo-data.ts). */
export const DEMO_PASSWORD = 'Relais-demo-1';

/** The application's own origin: unsafe API calls made with the session cookie must come from it. */
export const ORIGIN = 'http://localhost:3210';

export const persona = {
  vendorAdmin: 'admin@northwind.example',
  distributorAdmin: 'admin@contoso-distribution.example',
  partnerAdmin: 'admin@adatum.example',
  partnerReader: 'reader@adatum.example',
  otherPartnerAdmin: 'admin@litware.example',
  customerAdmin: 'admin@fourthcoffee.example',
} as const;

/** A customer of Adatum Conseil (the partner of admin@adatum.example), with an active delegated admin relationship. */
export const adatumCustomer = { name: 'Fourth Coffee', primaryDomain: 'fourthcoffee.example' } as const;

/** The open Teamwork incident of the demo that affects Fourth Coffee (so its health is "incident"). */
export const fourthCoffeeIncident = {
  reference: 'INC-240117',
  title: 'Teamwork: meetings fail to start for some tenants',
} as const;
