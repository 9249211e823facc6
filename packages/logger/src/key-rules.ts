/**
 * Built-in key rules: values stored under these keys are censored wherever they appear.
 * Keys are compared after {@link normalizeKey} (lower case, no `_`, `-`, `.` or spaces), so
 * `Email`, `e_mail`, `E-Mail` and `email` are the same key.
 */
export type KeyRuleName =
  | 'key:email'
  | 'key:phone'
  | 'key:person-name'
  | 'key:address'
  | 'key:postal-code'
  | 'key:birth-date'
  | 'key:national-id'
  | 'key:payment-card'
  | 'key:bank-account'
  | 'key:password'
  | 'key:secret'
  | 'key:token'
  | 'key:api-key'
  | 'key:authorization'
  | 'key:cookie'
  | 'key:session';

/** How one rule recognises a normalized key. */
export interface KeyRuleDefinition {
  readonly name: string;
  /** Keys that match exactly; every value under them is censored. */
  readonly exact?: readonly string[];
  /**
   * Substrings that make a key sensitive; strings and objects under them are censored, while
   * numbers, booleans and null are kept (`tokens_used: 12`, `email_verified: true`).
   */
  readonly contains?: readonly string[];
  /** Keys sensitive only under one of `parents` (`customer.name`, not `product.name`). */
  readonly scoped?: {
    readonly keys: readonly string[];
    readonly parents?: readonly string[];
    readonly exceptParents?: readonly string[];
  };
}

const PERSON_PARENTS = [
  'customer',
  'user',
  'person',
  'contact',
  'billing',
  'shipping',
  'billto',
  'shipto',
  'recipient',
  'sender',
  'payer',
  'payee',
  'holder',
  'cardholder',
  'accountholder',
  'owner',
  'beneficiary',
  'guest',
  'passenger',
  'traveler',
  'traveller',
  'member',
  'patient',
  'employee',
  'buyer',
  'profile',
  'driver',
  'attendee',
  'consumer',
  'client',
];

const NETWORK_PARENTS = [
  'server',
  'client',
  'socket',
  'remote',
  'local',
  'peer',
  'network',
  'net',
  'host',
  'destination',
  'source',
  'upstream',
  'proxy',
  'listen',
];

export const BUILT_IN_KEY_RULES: readonly KeyRuleDefinition[] = [
  { name: 'key:email', exact: ['email', 'mail', 'emails'], contains: ['email'] },
  {
    name: 'key:phone',
    exact: ['phone', 'tel', 'telephone', 'mobile', 'cell', 'cellphone', 'msisdn', 'fax'],
    contains: ['phone', 'msisdn', 'mobilenumber'],
  },
  {
    name: 'key:person-name',
    exact: [
      'firstname',
      'lastname',
      'fullname',
      'givenname',
      'familyname',
      'surname',
      'middlename',
      'maidenname',
      'legalname',
      'customername',
      'cardholdername',
      'holdername',
      'accountholdername',
      'nameoncard',
      'contactname',
      'billingname',
      'shippingname',
      'recipientname',
      'username',
    ],
    scoped: { keys: ['name'], parents: PERSON_PARENTS },
  },
  {
    name: 'key:address',
    exact: [
      'addressline',
      'line1',
      'line2',
      'line3',
      'street',
      'streetname',
      'address1',
      'address2',
      'address3',
      'billingaddress',
      'shippingaddress',
      'homeaddress',
      'mailingaddress',
      'postaladdress',
      'deliveryaddress',
    ],
    contains: ['addressline', 'streetaddress'],
    scoped: { keys: ['address'], exceptParents: NETWORK_PARENTS },
  },
  { name: 'key:postal-code', exact: ['postalcode', 'postcode', 'zip', 'zipcode', 'postal'] },
  { name: 'key:birth-date', exact: ['dob', 'dateofbirth', 'birthdate', 'birthday'] },
  {
    name: 'key:national-id',
    exact: [
      'ssn',
      'socialsecuritynumber',
      'nationalid',
      'nationalidnumber',
      'taxid',
      'passport',
      'driverslicense',
      'driverlicense',
    ],
    contains: ['passportnumber', 'nationalid', 'licensenumber'],
  },
  {
    name: 'key:payment-card',
    exact: ['pan', 'cc', 'ccnumber', 'creditcard', 'securitycode', 'cardverificationvalue'],
    contains: ['cardnumber', 'cvv', 'cvc'],
  },
  {
    name: 'key:bank-account',
    exact: ['iban', 'accountnumber', 'bankaccount', 'routingnumber', 'sortcode'],
    contains: ['iban', 'accountnumber', 'bankaccount'],
  },
  {
    name: 'key:password',
    exact: ['pwd', 'pass', 'pin', 'otp'],
    contains: ['password', 'passwd', 'passphrase'],
  },
  {
    name: 'key:secret',
    exact: ['sig'],
    contains: [
      'secret',
      'privatekey',
      'signingkey',
      'encryptionkey',
      'credential',
      'signature',
      'mnemonic',
    ],
  },
  { name: 'key:token', contains: ['token', 'jwt'] },
  { name: 'key:api-key', contains: ['apikey', 'accesskey', 'clientkey', 'subscriptionkey'] },
  { name: 'key:authorization', exact: ['auth'], contains: ['authorization'] },
  { name: 'key:cookie', contains: ['cookie'] },
  {
    name: 'key:session',
    exact: ['session', 'sessionid', 'sid', 'sessid', 'sessionkey', 'phpsessid', 'jsessionid'],
  },
];

/** Names of the built-in key rules, for `redact.disable`. */
export const KEY_RULE_NAMES: readonly string[] = BUILT_IN_KEY_RULES.map((rule) => rule.name);

const SEPARATORS = /[\s_.-]/g;

/** Lower-cases a key and drops `_`, `-`, `.` and whitespace: `X-Api_Key` → `xapikey`. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(SEPARATORS, '');
}
