/**
 * Credentials that vendors issue with a recognisable shape, one entry per vendor format.
 * To add a vendor: append an entry with the documented prefix, the body's character class and
 * length, and where the format is documented. Entries with a `prefix` are found by one scan for
 * all prefixes at once; entries without one need a `hint` substring before their regex runs.
 */
export interface VendorToken {
  readonly vendor: string;
  /** Where the format is documented. */
  readonly source: string;
  /** Literal start of the credential; kept in the output (`sk_live_[REDACTED]`). */
  readonly prefix?: string;
  /** Regex source of what follows the prefix (or of the whole credential without a prefix). */
  readonly body: string;
  /** Without a prefix: a substring every match contains, checked before the regex runs. */
  readonly hint?: string;
  /** Without a prefix: the shortest match, so shorter strings skip the regex. */
  readonly minLength?: number;
}

const B62 = 'A-Za-z0-9';
const URLSAFE = 'A-Za-z0-9_\\-';

export const VENDOR_TOKENS: readonly VendorToken[] = [
  ...['sk_live_', 'sk_test_', 'pk_live_', 'pk_test_', 'rk_live_', 'rk_test_'].map((prefix) => ({
    vendor: 'Stripe',
    source: 'https://docs.stripe.com/keys',
    prefix,
    body: `[${B62}]{8,4096}`,
  })),
  {
    vendor: 'Stripe webhook secret',
    source: 'https://docs.stripe.com/webhooks',
    prefix: 'whsec_',
    body: `[${B62}]{8,4096}`,
  },
  {
    vendor: 'Partner agent key',
    source: 'DESIGN.md (partner API)',
    prefix: 'rl_agent_',
    body: `[${URLSAFE}]{8,4096}`,
  },
  ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'].map((prefix) => ({
    vendor: 'GitHub',
    source: 'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/',
    prefix,
    body: `[${B62}_]{8,4096}`,
  })),
  ...['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-', 'xoxe.xoxp-', 'xapp-'].map(
    (prefix) => ({
      vendor: 'Slack',
      source: 'https://api.slack.com/concepts/token-types',
      prefix,
      // Slack token bodies start with a numeric id segment (`xoxb-17653672481-…`).
      body: `\\d[${B62}-]{7,4096}`,
    }),
  ),
  ...['sk-proj-', 'sk-svcacct-', 'sk-admin-'].map((prefix) => ({
    vendor: 'OpenAI',
    source: 'https://platform.openai.com/docs/api-reference/authentication',
    prefix,
    body: `[${URLSAFE}]{16,4096}`,
  })),
  {
    vendor: 'OpenAI (legacy) / DeepSeek',
    source: 'https://platform.openai.com/docs/api-reference/authentication',
    prefix: 'sk-',
    body: `[${B62}]{16,4096}`,
  },
  {
    vendor: 'Anthropic',
    source: 'https://docs.anthropic.com/en/api/getting-started',
    prefix: 'sk-ant-',
    body: `[${URLSAFE}]{16,4096}`,
  },
  {
    vendor: 'Google API key',
    source: 'https://cloud.google.com/docs/authentication/api-keys',
    prefix: 'AIza',
    body: `[${URLSAFE}]{30,40}`,
  },
  {
    vendor: 'Google OAuth access token',
    source: 'https://developers.google.com/identity/protocols/oauth2',
    prefix: 'ya29.',
    body: `[${URLSAFE}]{20,4096}`,
  },
  {
    vendor: 'Google OAuth client secret',
    source: 'https://developers.google.com/identity/protocols/oauth2',
    prefix: 'GOCSPX-',
    body: `[${URLSAFE}]{20,64}`,
  },
  ...['AKIA', 'ASIA', 'ABIA', 'ACCA'].map((prefix) => ({
    vendor: 'AWS access key id',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
    prefix,
    body: '[A-Z0-9]{16}(?![A-Za-z0-9])',
  })),
  {
    vendor: 'Hugging Face',
    source: 'https://huggingface.co/docs/hub/security-tokens',
    prefix: 'hf_',
    body: `[${B62}]{30,64}`,
  },
  {
    vendor: 'Hugging Face org',
    source: 'https://huggingface.co/docs/hub/security-tokens',
    prefix: 'api_org_',
    body: `[${B62}]{30,64}`,
  },
  ...[
    'glpat-',
    'gldt-',
    'glrt-',
    'glft-',
    'glptt-',
    'glsoat-',
    'glcbt-',
    'glimt-',
    'glagent-',
    'gloas-',
    'GR1348941',
  ].map((prefix) => ({
    vendor: 'GitLab',
    source: 'https://docs.gitlab.com/ee/security/tokens/',
    prefix,
    body: `[${URLSAFE}.]{20,4096}`,
  })),
  {
    vendor: 'Grafana Cloud',
    source:
      'https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/',
    prefix: 'glc_',
    body: `[${B62}+/]{32,4096}={0,2}`,
  },
  {
    vendor: 'Grafana service account',
    source: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
    prefix: 'glsa_',
    body: `[${B62}_]{32,64}`,
  },
  ...['hvs.', 'hvb.', 'hvr.'].map((prefix) => ({
    vendor: 'HashiCorp Vault',
    source: 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes',
    prefix,
    body: `[${URLSAFE}.]{20,4096}`,
  })),
  {
    vendor: 'npm',
    source: 'https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/',
    prefix: 'npm_',
    body: `[${B62}]{36}(?![${B62}])`,
  },
  {
    vendor: 'PyPI',
    source: 'https://pypi.org/help/#apitoken',
    prefix: 'pypi-',
    body: `[${URLSAFE}]{50,4096}`,
  },
  {
    vendor: 'Sourcegraph',
    source: 'https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token',
    prefix: 'sgp_',
    body: `[${B62}_]{20,128}`,
  },
  ...['shpat_', 'shpss_', 'shpca_', 'shppa_'].map((prefix) => ({
    vendor: 'Shopify',
    source: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens',
    prefix,
    body: '[a-fA-F0-9]{32}',
  })),
  {
    vendor: 'SendGrid',
    source: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
    prefix: 'SG.',
    body: `[${URLSAFE}]{16,32}\\.[${URLSAFE}]{16,64}`,
  },
  {
    vendor: 'Databricks',
    source: 'https://docs.databricks.com/en/dev-tools/auth/pat.html',
    prefix: 'dapi',
    body: '[a-f0-9]{32}(?:-\\d)?',
  },
  ...['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'].map((prefix) => ({
    vendor: 'Vercel',
    source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning',
    prefix,
    body: `[${B62}]{24,128}`,
  })),
  {
    vendor: 'Cloudflare Origin CA key',
    source: 'https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/',
    prefix: 'v1.0-',
    body: '[a-f0-9]{24}-[a-f0-9]{64,256}',
  },
  {
    vendor: '1Password service account',
    source: 'https://developer.1password.com/docs/service-accounts/',
    prefix: 'ops_',
    body: `eyJ[${URLSAFE}+/=]{40,4096}`,
  },
  {
    vendor: 'Sentry org token',
    source: 'https://docs.sentry.io/account/auth-tokens/',
    prefix: 'sntrys_',
    body: `eyJ[${URLSAFE}+/=]{30,4096}`,
  },
  {
    vendor: 'Sentry user token',
    source: 'https://docs.sentry.io/account/auth-tokens/',
    prefix: 'sntryu_',
    body: '[a-f0-9]{64}',
  },
  {
    vendor: 'Square access token',
    source: 'https://developer.squareup.com/docs/build-basics/access-tokens',
    prefix: 'EAAA',
    body: `[${URLSAFE}]{40,128}`,
  },
  {
    vendor: 'Square',
    source: 'https://developer.squareup.com/docs/build-basics/access-tokens',
    prefix: 'sq0atp-',
    body: `[${URLSAFE}]{22,64}`,
  },
  {
    vendor: 'Square',
    source: 'https://developer.squareup.com/docs/build-basics/access-tokens',
    prefix: 'sq0csp-',
    body: `[${URLSAFE}]{40,64}`,
  },
  {
    vendor: 'Facebook / Meta',
    source: 'https://developers.facebook.com/docs/facebook-login/guides/access-tokens',
    prefix: 'EAA',
    body: `[${B62}]{30,4096}`,
  },
  {
    vendor: 'Notion',
    source: 'https://developers.notion.com/docs/authorization',
    prefix: 'ntn_',
    body: `[${B62}]{30,64}`,
  },
  {
    vendor: 'Notion (legacy)',
    source: 'https://developers.notion.com/docs/authorization',
    prefix: 'secret_',
    body: `[${B62}]{43}(?![${B62}])`,
  },
  ...['dop_v1_', 'doo_v1_', 'dor_v1_'].map((prefix) => ({
    vendor: 'DigitalOcean',
    source: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/',
    prefix,
    body: '[a-f0-9]{64}',
  })),
  {
    vendor: 'Linear',
    source: 'https://linear.app/developers/graphql#personal-api-keys',
    prefix: 'lin_api_',
    body: `[${B62}]{32,64}`,
  },
  ...['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'].map((prefix) => ({
    vendor: 'PlanetScale',
    source: 'https://planetscale.com/docs/concepts/service-tokens',
    prefix,
    body: `[${URLSAFE}.]{32,64}`,
  })),
  {
    vendor: 'Supabase',
    source: 'https://supabase.com/docs/guides/api/api-keys',
    prefix: 'sbp_',
    body: '[a-f0-9]{40}',
  },
  {
    vendor: 'Docker Hub',
    source: 'https://docs.docker.com/security/for-developers/access-tokens/',
    prefix: 'dckr_pat_',
    body: `[${URLSAFE}]{20,64}`,
  },
  {
    vendor: 'Postman',
    source: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
    prefix: 'PMAK-',
    body: '[a-f0-9]{24}-[a-f0-9]{34}',
  },
  ...['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'].map((prefix) => ({
    vendor: 'Doppler',
    source: 'https://docs.doppler.com/docs/token-formats',
    prefix,
    body: `[${B62}]{40,64}`,
  })),
  {
    vendor: 'New Relic',
    source: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/',
    prefix: 'NRAK-',
    body: '[A-Z0-9]{27}',
  },
  {
    vendor: 'Figma',
    source: 'https://www.figma.com/developers/api#access-tokens',
    prefix: 'figd_',
    body: `[${URLSAFE}]{30,64}`,
  },
  {
    vendor: 'Tailscale',
    source: 'https://tailscale.com/kb/1085/auth-keys',
    prefix: 'tskey-',
    body: `[${URLSAFE}]{20,128}`,
  },
  {
    vendor: 'Groq',
    source: 'https://console.groq.com/docs/api-keys',
    prefix: 'gsk_',
    body: `[${B62}]{40,64}`,
  },
  {
    vendor: 'xAI',
    source: 'https://docs.x.ai/docs/overview',
    prefix: 'xai-',
    body: `[${B62}]{40,128}`,
  },
  {
    vendor: 'Replicate',
    source: 'https://replicate.com/docs/reference/http#authentication',
    prefix: 'r8_',
    body: `[${B62}]{30,64}`,
  },
  {
    vendor: 'Perplexity',
    source: 'https://docs.perplexity.ai/guides/getting-started',
    prefix: 'pplx-',
    body: `[${B62}]{40,64}`,
  },
  {
    vendor: 'Atlassian API token',
    source:
      'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
    prefix: 'ATATT',
    body: `[${URLSAFE}=]{60,4096}`,
  },
  {
    vendor: 'Pulumi',
    source: 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/',
    prefix: 'pul-',
    body: '[a-f0-9]{40}',
  },
  {
    vendor: 'Heroku',
    source: 'https://devcenter.heroku.com/articles/authentication',
    prefix: 'HRKU-',
    body: `[${URLSAFE}]{30,128}`,
  },
  {
    vendor: 'Fly.io',
    source: 'https://fly.io/docs/security/tokens/',
    prefix: 'fm2_',
    body: `[${URLSAFE}+/=]{20,4096}`,
  },
  {
    vendor: 'Dynatrace',
    source: 'https://docs.dynatrace.com/docs/manage/access-control/access-tokens',
    prefix: 'dt0c01.',
    body: '[A-Z0-9]{24}\\.[A-Z0-9]{64}',
  },
  {
    vendor: 'RubyGems',
    source: 'https://guides.rubygems.org/api-key-scopes/',
    prefix: 'rubygems_',
    body: '[a-f0-9]{48}',
  },
  {
    vendor: 'Flutterwave',
    source: 'https://developer.flutterwave.com/docs/integration-guides/authentication',
    prefix: 'FLWSECK',
    body: `[${URLSAFE}]{20,128}`,
  },
  {
    vendor: 'age secret key',
    source: 'https://age-encryption.org/v1',
    prefix: 'AGE-SECRET-KEY-1',
    body: '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
  },
  {
    vendor: 'Twilio API key',
    source: 'https://www.twilio.com/docs/iam/api-keys',
    prefix: 'SK',
    body: '[0-9a-f]{32}(?![A-Za-z0-9])',
  },
  ...['access_token$production$', 'access_token$sandbox$'].map((prefix) => ({
    vendor: 'Braintree / PayPal',
    source: 'https://developer.paypal.com/braintree/docs/guides/authorization/overview',
    prefix,
    body: '[a-z0-9]{16}\\$[a-f0-9]{32}',
  })),
  {
    vendor: 'Mailgun',
    source: 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication/',
    prefix: 'key-',
    body: '[0-9a-f]{32}(?![A-Za-z0-9])',
  },
  {
    vendor: 'Mapbox secret token',
    source: 'https://docs.mapbox.com/accounts/guides/tokens/',
    prefix: 'sk.eyJ',
    body: `[${URLSAFE}.]{40,4096}`,
  },
  {
    vendor: 'Adafruit IO',
    source: 'https://io.adafruit.com/api/docs/#authentication',
    prefix: 'aio_',
    body: `[${B62}]{28}`,
  },
  {
    vendor: 'Alibaba Cloud',
    source: 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair',
    prefix: 'LTAI',
    body: `[${B62}]{12,20}(?![${B62}])`,
  },
  {
    vendor: 'Clojars',
    source: 'https://github.com/clojars/clojars-web/wiki/Deploy-Tokens',
    prefix: 'CLOJARS_',
    body: '[a-z0-9]{60}',
  },
  {
    vendor: 'Contentful',
    source: 'https://www.contentful.com/developers/docs/references/authentication/',
    prefix: 'CFPAT-',
    body: `[${URLSAFE}]{43}`,
  },
  {
    vendor: 'Dropbox short-lived token',
    source: 'https://developers.dropbox.com/oauth-guide',
    prefix: 'sl.',
    body: `[${URLSAFE}=]{100,4096}`,
  },
  ...['duffel_test_', 'duffel_live_'].map((prefix) => ({
    vendor: 'Duffel',
    source: 'https://duffel.com/docs/api/overview/making-requests/authentication',
    prefix,
    body: `[${URLSAFE}=]{43}`,
  })),
  ...['EZAK', 'EZTK'].map((prefix) => ({
    vendor: 'EasyPost',
    source: 'https://docs.easypost.com/docs/authentication',
    prefix,
    body: `[${B62}]{54}`,
  })),
  {
    vendor: 'Frame.io',
    source: 'https://developer.frame.io/docs/getting-started/authentication',
    prefix: 'fio-u-',
    body: `[${URLSAFE}=]{64}`,
  },
  ...['pat-na1-', 'pat-eu1-'].map((prefix) => ({
    vendor: 'HubSpot private app',
    source: 'https://developers.hubspot.com/docs/api/private-apps',
    prefix,
    body: '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}',
  })),
  ...['NRJS-', 'NRII-'].map((prefix) => ({
    vendor: 'New Relic',
    source: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/',
    prefix,
    body: '[a-fA-F0-9]{19,40}',
  })),
  {
    vendor: 'Prefect',
    source: 'https://docs.prefect.io/latest/cloud/users/api-keys/',
    prefix: 'pnu_',
    body: `[${B62}]{36}`,
  },
  {
    vendor: 'ReadMe',
    source: 'https://docs.readme.com/main/reference/intro-authentication',
    prefix: 'rdme_',
    body: '[a-z0-9]{70}',
  },
  {
    vendor: 'Scalingo',
    source: 'https://developers.scalingo.com/',
    prefix: 'tk-us-',
    body: `[${URLSAFE}]{48}`,
  },
  {
    vendor: 'Brevo (Sendinblue)',
    source: 'https://developers.brevo.com/docs/getting-started',
    prefix: 'xkeysib-',
    body: '[a-f0-9]{64}-[A-Za-z0-9]{16}',
  },
  ...['shippo_live_', 'shippo_test_'].map((prefix) => ({
    vendor: 'Shippo',
    source: 'https://docs.goshippo.com/docs/guides_general/authentication/',
    prefix,
    body: '[a-f0-9]{40}',
  })),
  {
    vendor: 'Twitter / X bearer token',
    source: 'https://developer.x.com/en/docs/authentication/oauth-2-0/bearer-tokens',
    prefix: 'AAAAAAAAAAAAAAAAAAAAA',
    body: `[${B62}%]{30,200}`,
  },
  {
    vendor: 'Typeform',
    source: 'https://www.typeform.com/developers/get-started/personal-access-token/',
    prefix: 'tfp_',
    body: `[${URLSAFE}.]{59}`,
  },
  ...['y0_', 't1.', 'AQVN'].map((prefix) => ({
    vendor: 'Yandex Cloud',
    source: 'https://yandex.cloud/en/docs/iam/concepts/authorization/',
    prefix,
    body: `[${URLSAFE}.]{30,4096}`,
  })),
  {
    vendor: 'JFrog Artifactory',
    source: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    prefix: 'AKCp',
    body: `[${B62}]{60,80}`,
  },
  {
    vendor: 'JFrog reference token',
    source: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    prefix: 'cmVmdGtu',
    body: `[${B62}]{50,64}`,
  },
  {
    vendor: 'Harness',
    source: 'https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/',
    prefix: 'pat.',
    body: `[${URLSAFE}]{22}\\.[${B62}]{24}\\.[${B62}]{20}`,
  },
  {
    vendor: 'Infracost',
    source: 'https://www.infracost.io/docs/features/environment_variables/',
    prefix: 'ico-',
    body: `[${B62}]{32}`,
  },
  {
    vendor: 'Octopus Deploy',
    source: 'https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key',
    prefix: 'API-',
    body: '[A-Z0-9]{26}(?![A-Za-z0-9])',
  },
  {
    vendor: 'OpenShift',
    source: 'https://docs.openshift.com/container-platform/latest/authentication/',
    prefix: 'sha256~',
    body: `[${URLSAFE}]{43}`,
  },
  ...['sm_pat_', 'sm_aat_', 'sm_sat_'].map((prefix) => ({
    vendor: 'SettleMint',
    source: 'https://console.settlemint.com/documentation/',
    prefix,
    body: `[${B62}]{16}`,
  })),
  {
    vendor: 'Defined Networking',
    source: 'https://docs.defined.net/guides/automation/api-keys/',
    prefix: 'dnkey-',
    body: `[${URLSAFE}]{26}-[${URLSAFE}]{52}`,
  },
  {
    vendor: 'Authress',
    source: 'https://authress.io/knowledge-base/docs/authentication/service-clients',
    prefix: 'sc_',
    body: `[${B62}]{10,32}\\.[${B62}]{4,8}\\.acc[_-][${B62}]{10,32}\\.[${URLSAFE}+/=]{30,120}`,
  },
  {
    vendor: 'Terraform Cloud',
    source:
      'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
    hint: '.atlasv1.',
    minLength: 80,
    body: `(?<![${B62}])[a-z0-9]{14}\\.atlasv1\\.[${URLSAFE}=]{60,70}`,
  },
  // Credentials without a literal prefix: found by their shape, after a cheap `hint` check.
  {
    vendor: 'Telegram bot',
    source: 'https://core.telegram.org/bots/api#authorizing-your-bot',
    hint: ':',
    minLength: 44,
    body: `(?<![${B62}])\\d{8,10}:[${URLSAFE}]{35}(?![${URLSAFE}])`,
  },
  {
    vendor: 'Discord bot',
    source: 'https://discord.com/developers/docs/reference#authentication',
    hint: '.',
    minLength: 59,
    body: `(?<![${URLSAFE}.])[MNO][${URLSAFE}]{23,27}\\.[${URLSAFE}]{6}\\.[${URLSAFE}]{27,40}(?![${URLSAFE}])`,
  },
  {
    vendor: 'Mailchimp',
    source: 'https://mailchimp.com/developer/marketing/guides/quick-start/',
    hint: '-us',
    minLength: 35,
    body: `(?<![${B62}])[a-f0-9]{32}-us\\d{1,2}(?![${B62}])`,
  },
  {
    vendor: 'Azure AD client secret',
    source: 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials',
    hint: 'Q~',
    minLength: 37,
    body: `(?<![${B62}_~.-])[${B62}_~.-]{3}\\dQ~[${B62}_~.-]{31,34}(?![${B62}_~.-])`,
  },
];
