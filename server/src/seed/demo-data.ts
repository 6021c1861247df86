import type { Language } from '../core/tenancy/tables.ts';
import type { RoleName } from '../core/tenancy/roles.ts';

/** The demo's shared password, printed at start and listed in the README. */
export const DEMO_PASSWORD = 'Relais-demo-1';

export interface DemoOrganization {
  key: string;
  name: string;
  domain: string;
  country: string;
  language: Language;
  city: string;
  postalCode: string;
  line1: string;
}

export const vendor: DemoOrganization = {
  key: 'northwind',
  name: 'Northwind Software',
  domain: 'northwind.example',
  country: 'US',
  language: 'en',
  city: 'Seattle',
  postalCode: '98101',
  line1: '1 Northwind Way',
};

export const distributors: DemoOrganization[] = [
  {
    key: 'contoso',
    name: 'Contoso Distribution',
    domain: 'contoso-distribution.example',
    country: 'FR',
    language: 'fr',
    city: 'Lyon',
    postalCode: '69002',
    line1: '12 quai Saint-Antoine',
  },
  {
    key: 'fabrikam',
    name: 'Fabrikam Distribution',
    domain: 'fabrikam-distribution.example',
    country: 'GB',
    language: 'en',
    city: 'Manchester',
    postalCode: 'M1 1AE',
    line1: '40 Deansgate',
  },
];

/** Partners and the distributor each resells for; the last one's reseller relationship is still pending. */
export const partners: (DemoOrganization & { distributor: string; resellerStatus: 'active' | 'pending' })[] = [
  {
    key: 'adatum',
    name: 'Adatum Conseil',
    domain: 'adatum.example',
    country: 'FR',
    language: 'fr',
    city: 'Paris',
    postalCode: '75009',
    line1: '8 rue Lafayette',
    distributor: 'contoso',
    resellerStatus: 'active',
  },
  {
    key: 'lucerne',
    name: 'Lucerne Informatique',
    domain: 'lucerne-informatique.example',
    country: 'FR',
    language: 'fr',
    city: 'Nantes',
    postalCode: '44000',
    line1: '3 cours Olivier de Clisson',
    distributor: 'contoso',
    resellerStatus: 'active',
  },
  {
    key: 'trey',
    name: 'Trey Research',
    domain: 'treyresearch.example',
    country: 'BE',
    language: 'fr',
    city: 'Bruxelles',
    postalCode: '1000',
    line1: '22 avenue Louise',
    distributor: 'contoso',
    resellerStatus: 'active',
  },
  {
    key: 'litware',
    name: 'Litware IT',
    domain: 'litware.example',
    country: 'GB',
    language: 'en',
    city: 'Leeds',
    postalCode: 'LS1 4AP',
    line1: '5 Park Row',
    distributor: 'fabrikam',
    resellerStatus: 'active',
  },
  {
    key: 'wingtip',
    name: 'Wingtip Solutions',
    domain: 'wingtip.example',
    country: 'IE',
    language: 'en',
    city: 'Dublin',
    postalCode: 'D02 X285',
    line1: '17 Grafton Street',
    distributor: 'fabrikam',
    resellerStatus: 'active',
  },
  {
    key: 'proseware',
    name: 'Proseware Services',
    domain: 'proseware.example',
    country: 'GB',
    language: 'en',
    city: 'Bristol',
    postalCode: 'BS1 4DJ',
    line1: '9 Queen Square',
    distributor: 'fabrikam',
    resellerStatus: 'pending',
  },
];

const frenchCustomers = [
  'Boulangerie Martin',
  'Cabinet Durand Avocats',
  'Clinique des Alpes',
  'Transports Lefèvre',
  'Atelier Moreau',
  'Mairie de Saint-Aubin',
  'Pharmacie du Centre',
  'Domaine des Vignes',
  'Éditions Lumière',
  'Hôtel Bellevue',
  'Garage Petit',
  'Fromagerie Rousseau',
  'Agence Horizon',
  'Lycée Jean Moulin',
  'Crèche Les Lutins',
  'Menuiserie Bernard',
  'Coopérative Agricole du Val',
  'Cabinet Médical Fontaine',
  'Imprimerie Garnier',
  'Société Générale des Eaux de Provence',
  'Librairie Le Passage',
  'Optique Mercier',
  'Banque Populaire du Rhône',
  'Théâtre de la Cité',
  'Électricité Dubois',
  'Assurances Lambert',
  'Maison Chevalier',
  'Brasserie du Port',
  'Laboratoires Vidal',
  'Château Lafleur',
];
const englishCustomers = [
  'Fourth Coffee',
  'Alpine Ski House',
  'Blue Yonder Airlines',
  'Coho Winery',
  'Graphic Design Institute',
  'Humongous Insurance',
  'Margie’s Travel',
  'Northwind Traders',
  'Relecloud',
  'School of Fine Art',
  'Southridge Video',
  'Tailspin Toys',
  'VanArsdel Ltd',
  'Wide World Importers',
  'Woodgrove Bank',
  'Best For You Organics',
  'City Power & Light',
  'Consolidated Messenger',
  'First Up Consultants',
  'Lamna Healthcare',
  'Munson’s Pickles',
  'Nod Publishers',
  'Liberty Delightful Sinful Bakery',
  'Trey Research Labs',
  'Bellows College',
  'Fincher Architects',
  'Hanson Brewing',
  'Kingston Sports Club',
  'Oakridge Dental',
  'Riverside Library',
];

const englishPostcodes = ['EC1A 1BB', 'M1 1AE', '02108', 'T12 X70A', 'BS1 4DJ', 'M5V 2T6', 'LS1 4AP', '10001'];

export interface DemoCustomer extends DemoOrganization {
  /** Who holds (or held, or asked for) delegated admin, and in which state. */
  provider: string;
  dap: 'active' | 'expiring' | 'expired' | 'pending' | 'declined' | 'terminated';
}

const providerCycle = [
  'adatum',
  'lucerne',
  'trey',
  'litware',
  'wingtip',
  'contoso',
  'adatum',
  'litware',
  'fabrikam',
  'trey',
];
const stateCycle: DemoCustomer['dap'][] = [
  'active',
  'active',
  'active',
  'expiring',
  'active',
  'expired',
  'active',
  'pending',
  'active',
  'declined',
  'active',
  'terminated',
];

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f’'&]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Sixty customers, half French and half English, spread over partners and distributors and every relationship state. */
export const customers: DemoCustomer[] = [...frenchCustomers, ...englishCustomers].map((name, i) => {
  const french = i < frenchCustomers.length;
  const isFourthCoffee = name === 'Fourth Coffee';
  return {
    key: slug(name),
    name,
    domain: isFourthCoffee ? 'fourthcoffee.example' : `${slug(name)}.example`,
    country: french ? (i % 7 === 0 ? 'BE' : 'FR') : (['GB', 'US', 'IE', 'GB', 'CA'][i % 5] ?? 'GB'),
    language: french ? 'fr' : 'en',
    city: french
      ? (['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Lille', 'Bordeaux'][i % 6] ?? 'Paris')
      : (['London', 'Boston', 'Cork', 'Bristol', 'Toronto'][i % 5] ?? 'London'),
    postalCode: french ? `${75000 + (i % 20) + 1}` : (englishPostcodes[i % englishPostcodes.length] ?? 'EC1A 1BB'),
    line1: french ? `${i + 1} rue de la République` : `${i + 10} High Street`,
    provider: isFourthCoffee ? 'adatum' : (providerCycle[i % providerCycle.length] ?? 'adatum'),
    // Adatum's place in the cycles only ever falls on `active`: one of its customers' access is about to end, so that
    // its people have a relationship to renew.
    dap: isFourthCoffee
      ? 'active'
      : name === 'Coopérative Agricole du Val'
        ? 'expiring'
        : (stateCycle[i % stateCycle.length] ?? 'active'),
  };
});

export interface DemoAccount {
  email: string;
  displayName: string;
  organization: string;
  roles: RoleName[];
  persona: string;
}

/** The demo accounts of the README, all with DEMO_PASSWORD. */
export const accounts: DemoAccount[] = [
  {
    email: 'admin@northwind.example',
    displayName: 'Nadia Northwind',
    organization: 'northwind',
    roles: ['admin'],
    persona: 'vendor Admin',
  },
  {
    email: 'admin@contoso-distribution.example',
    displayName: 'Claire Contoso',
    organization: 'contoso',
    roles: ['admin'],
    persona: 'distributor Admin',
  },
  {
    email: 'admin@adatum.example',
    displayName: 'Antoine Adatum',
    organization: 'adatum',
    roles: ['admin'],
    persona: 'partner Admin',
  },
  {
    email: 'reader@adatum.example',
    displayName: 'Rémi Lecteur',
    organization: 'adatum',
    roles: ['reader'],
    persona: 'partner Reader',
  },
  {
    email: 'admin@litware.example',
    displayName: 'Liam Litware',
    organization: 'litware',
    roles: ['admin'],
    persona: 'partner Admin',
  },
  {
    email: 'admin@fourthcoffee.example',
    displayName: 'Fiona Fourth',
    organization: 'fourth-coffee',
    roles: ['admin'],
    persona: 'customer Admin',
  },
];

/**
 * Activation links sent by demo accounts. Each was sent 14 days before it expires;
 * SKUs as [code, quantity]. Expired is derived from the date alone.
 */
export const activationLinks: {
  sentBy: string;
  kind: 'customer' | 'partner';
  organizationName: string;
  recipientEmail: string;
  language: 'fr' | 'en';
  skus: [string, number][];
  expiresInDays: number;
  revokedDaysAgo?: number;
}[] = [
  {
    sentBy: 'admin@adatum.example',
    kind: 'customer',
    organizationName: 'Brasserie du Port',
    recipientEmail: 'direction@brasserie-du-port.example',
    language: 'fr',
    skus: [['MAIL-BASIC', 20]],
    expiresInDays: 12,
  },
  {
    sentBy: 'admin@adatum.example',
    kind: 'customer',
    organizationName: 'Tailspin Toys',
    recipientEmail: 'it@tailspintoys.example',
    language: 'en',
    skus: [
      ['TEAM-STD', 50],
      ['MAIL-BASIC', 50],
    ],
    expiresInDays: 1,
  },
  {
    sentBy: 'admin@adatum.example',
    kind: 'customer',
    organizationName: 'Wide World Importers',
    recipientEmail: 'admin@wideworldimporters.example',
    language: 'en',
    skus: [['MAIL-PREMIUM', 120]],
    expiresInDays: -6,
  },
  {
    sentBy: 'admin@adatum.example',
    kind: 'customer',
    organizationName: 'Alpine Ski House',
    recipientEmail: 'contact@alpineskihouse.example',
    language: 'fr',
    skus: [['MAIL-BASIC', 10]],
    expiresInDays: 7,
    revokedDaysAgo: 2,
  },
  {
    sentBy: 'admin@contoso-distribution.example',
    kind: 'partner',
    organizationName: 'Lucerne Conseil',
    recipientEmail: 'associes@lucerne-conseil.example',
    language: 'fr',
    skus: [],
    expiresInDays: 13,
  },
  {
    sentBy: 'admin@contoso-distribution.example',
    kind: 'customer',
    organizationName: 'Coho Winery',
    recipientEmail: 'it@cohowinery.example',
    language: 'en',
    skus: [['TEAM-STD', 30]],
    expiresInDays: -16,
  },
];
