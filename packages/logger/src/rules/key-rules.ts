/**
 * Built-in key rules: values stored under these keys are censored wherever they appear. Keys
 * are compared by words (see {@link KeyRuleDefinition}), so `Email`, `e_mail`, `E-Mail` and
 * `customerEmail` all hold an e-mail.
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

/**
 * How one rule recognises a key. A key is split into lower-case WORDS on case changes and
 * separators (`credentialsId` → `credentials id`, `X-Api-Key` → `x api key`); rules match
 * whole words or runs of consecutive words, never a substring of a word, so `tokens_used`,
 * `io.jsonwebtoken` and `BlindKeySignatures` are not secrets.
 */
export interface KeyRuleDefinition {
  readonly name: string;
  /** Whole keys (normalized: lower case, separators dropped); every value under them is censored. */
  readonly exact?: readonly string[];
  /**
   * Words, or consecutive words written together (`apikey` matches `api_key`, `apiKey`,
   * `x-api-key`), that name what the value is. A leading `*` also matches the end of one word
   * (`*password` matches `newpassword`). The key is sensitive unless a {@link DESCRIPTOR_WORDS}
   * word follows (`secret_length`, `access_token_url`, `TokenFile`). When the whole key is the
   * word, every value is censored; otherwise numbers, booleans and null are kept
   * (`email_verified: true`).
   */
  readonly words?: readonly string[];
  /**
   * Words that only SOMETIMES hold a secret: a string under them is censored, an object or
   * array is walked so only its sensitive leaves go (`session: { id, amount, customer }`).
   */
  readonly sometimes?: readonly string[];
  /** Words whose value is censored only when it is shaped like a token (`SONAR_LOGIN`). */
  readonly tokenOnly?: readonly string[];
  /** Keys sensitive only under one of `parents` (`customer.name`, not `product.name`). */
  readonly scoped?: {
    readonly keys: readonly string[];
    readonly parents?: readonly string[];
    readonly exceptParents?: readonly string[];
  };
}

/**
 * Words that, AFTER a sensitive word, make the key describe the secret rather than hold it:
 * `token_url`, `secret_length`, `password_policy`, `credentials_id`, `api_key_name`.
 */
export const DESCRIPTOR_WORDS: ReadonlySet<string> = new Set(
  (
    'url uri urls endpoint host domain path file filename dir directory location id ids name ' +
    'names length len size count ttl expiry expires expiration exp lifetime age timeout ' +
    'duration ms seconds interval created updated issued rotated at time date ts timestamp ' +
    'version ver format hint policy provider issuer audience algorithm alg scheme method mode ' +
    'kind strategy level status state result error errors reason required enabled disabled ' +
    'enable present exists valid invalid missing used verified confirmed limit max min ' +
    'remaining quota param parameter field label description desc prefix suffix env var ' +
    'variable ref arn manager store service backend source index position offset regex ' +
    'pattern validation validator rule rules strength entropy bits template'
  ).split(' '),
);

/** Words before a final `key` that make it an ordinary key (`sort_key`, `cacheKey`). */
export const NEUTRAL_KEY_QUALIFIERS: ReadonlySet<string> = new Set(
  (
    'sort primary partition cache idempotency object routing foreign public row hash range ' +
    'dedup dedupe group map lookup index unique composite shard message event i18n ' +
    'translation locale storage bucket s3 redis kv registry table column field record entity ' +
    'item node tree dict json yaml config metric label tag header query search order join ' +
    'parent child next prev previous last first cursor page pagination rate limit throttle ' +
    'lock queue topic stream feature flag toggle experiment variant attribute property prop ' +
    'state list short long natural surrogate candidate compound business dimension facet ' +
    'trace correlation request react'
  ).split(' '),
);

/** Endings that keep a one-word key sensitive after a `*word` (`phonenumber`, `passwordhash`). */
export const VALUE_WORDS: ReadonlySet<string> = new Set(
  (
    'number numbers no num address addr value hash raw plain text str string b64 base64 ' +
    'encrypted enc confirmation confirm digest data hex list'
  ).split(' '),
);

/** Words that end like a sensitive `*word` but are not secrets. */
export const NOT_SENSITIVE_WORDS: ReadonlySet<string> = new Set([
  'jsonwebtoken',
  'microphone',
  'headphone',
  'earphone',
  'iphone',
  'megaphone',
  'saxophone',
  'xylophone',
]);

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

/** Built-in key rules, in the order their names are reported. */
export const BUILT_IN_KEY_RULES: readonly KeyRuleDefinition[] = [
  {
    name: 'key:email',
    exact: ['mail'],
    words: ['*email', '*emails', 'emailaddress', 'mailaddress'],
  },
  {
    name: 'key:phone',
    exact: ['tel', 'mobile', 'cell', 'fax'],
    words: ['*phone', 'phones', 'msisdn', 'mobilenumber', 'cellnumber', 'telnumber', 'faxnumber'],
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
      'line1',
      'line2',
      'line3',
      'street',
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
    words: ['addressline', 'streetaddress', 'streetname'],
    scoped: { keys: ['address'], exceptParents: NETWORK_PARENTS },
  },
  { name: 'key:postal-code', exact: ['postalcode', 'postcode', 'zip', 'zipcode', 'postal'] },
  { name: 'key:birth-date', words: ['dob', 'dateofbirth', 'birthdate', 'birthday'] },
  {
    name: 'key:national-id',
    words: [
      'ssn',
      'socialsecuritynumber',
      'nationalid',
      'nationalidnumber',
      'taxid',
      'passport',
      'passportnumber',
      'driverslicense',
      'driverlicense',
      'licensenumber',
    ],
  },
  {
    name: 'key:payment-card',
    exact: ['pan', 'cc', 'ccnumber', 'creditcard'],
    words: ['cardnumber', 'cvv', 'cvc', 'cvv2', 'securitycode', 'cardverificationvalue'],
  },
  {
    name: 'key:bank-account',
    words: ['iban', 'accountnumber', 'bankaccount', 'routingnumber', 'sortcode'],
  },
  {
    name: 'key:password',
    words: [
      '*password',
      '*passwords',
      '*passwd',
      'pwd',
      'pw',
      'pass',
      'passphrase',
      'passcode',
      'pin',
      'otp',
    ],
  },
  {
    name: 'key:secret',
    words: [
      '*secret',
      '*secrets',
      'privatekey',
      'signingkey',
      'encryptionkey',
      'secretkey',
      'masterkey',
      '*credential',
      '*credentials',
      '*signature',
      'sig',
      'mnemonic',
    ],
  },
  { name: 'key:token', words: ['*token', 'jwt', 'bearer'], tokenOnly: ['login'] },
  {
    name: 'key:api-key',
    words: ['*apikey', 'accesskey', 'clientkey', 'subscriptionkey', 'accessid'],
  },
  { name: 'key:authorization', words: ['*authorization'], sometimes: ['auth', 'oauth'] },
  { name: 'key:cookie', words: ['*cookie', 'cookies'] },
  {
    name: 'key:session',
    words: ['sessionid', 'sid', 'sessid', 'sessionkey', 'phpsessid', 'jsessionid'],
    sometimes: ['session'],
  },
];

/**
 * Rule that a key ending in `key` after a qualifying word belongs to (`HEROKU_KEY`, `hubspotKey`),
 * unless the qualifier is one of {@link NEUTRAL_KEY_QUALIFIERS}.
 */
export const QUALIFIED_KEY_RULE = 'key:api-key';

/** Names of the built-in key rules, for `redact.disable`. */
export const KEY_RULE_NAMES: readonly string[] = BUILT_IN_KEY_RULES.map((rule) => rule.name);

const SEPARATORS = /[\s_.-]/g;

/** Lower-cases a key and drops `_`, `-`, `.` and whitespace: `X-Api_Key` → `xapikey`. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(SEPARATORS, '');
}
