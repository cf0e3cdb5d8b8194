package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Config is the provider configuration: how to reach and authenticate to Cloudflare.
type Config struct {
	APIToken  string `pulumi:"apiToken,optional" provider:"secret"`
	APIKey    string `pulumi:"apiKey,optional" provider:"secret"`
	Email     string `pulumi:"email,optional"`
	AccountID string `pulumi:"accountId,optional"`
	BaseURL   string `pulumi:"baseUrl,optional"`
	// A duration string: the framework's schema has no duration type.
	MaxRetryWait string `pulumi:"maxRetryWait,optional"`
	// Unset: Cloudflare's limit, as its rate-limit headers report it.
	RequestsPerFiveMinutes *int `pulumi:"requestsPerFiveMinutes,optional"`

	// Set by Configure. The framework decodes old provider state into the exported fields
	// during DiffConfig, so resources read these instead.
	client  *cfapi.Client
	account string
}

var (
	_ infer.CustomCheck[*Config]         = (*Config)(nil)
	_ infer.CustomDiff[*Config, *Config] = (*Config)(nil)
	_ infer.CustomConfigure              = (*Config)(nil)
	_ infer.Annotated                    = (*Config)(nil)
)

func (c *Config) Annotate(a infer.Annotator) {
	a.Describe(&c.APIToken, "A Cloudflare API token, the preferred way to authenticate; do not set apiKey or email with it. "+
		"It needs \"Account Settings Write\" for TSIG keys, peers and ACLs, and \"Zone Settings Write\" (or \"DNS Write\") "+
		"on the zones of IncomingTransfer and OutgoingTransfer, with \"Zone Read\" and \"Account Settings Read\" to explain "+
		"what Cloudflare refuses; the functions need the Read variants (getZone: \"Zone Read\"). "+
		"Read from CLOUDFLARE_API_TOKEN when unset.")
	a.SetDefault(&c.APIToken, nil, "CLOUDFLARE_API_TOKEN")
	a.Describe(&c.APIKey, "A legacy Cloudflare Global API key, used together with email instead of apiToken. "+
		"Read from CLOUDFLARE_API_KEY when unset.")
	a.SetDefault(&c.APIKey, nil, "CLOUDFLARE_API_KEY")
	a.Describe(&c.Email, "The email address of the Cloudflare user whose apiKey is used. "+
		"Read from CLOUDFLARE_EMAIL when unset.")
	a.SetDefault(&c.Email, nil, "CLOUDFLARE_EMAIL")
	a.Describe(&c.AccountID, "The Cloudflare account ID ("+kinds.HexID+") used by resources "+
		"and functions that do not set their own accountId. Read from CLOUDFLARE_ACCOUNT_ID when unset.")
	a.SetDefault(&c.AccountID, nil, "CLOUDFLARE_ACCOUNT_ID")
	a.Describe(&c.BaseURL, "The Cloudflare API base URL. Must be https, except for a loopback host "+
		"(a local emulator), so that credentials never travel in clear. Read from CLOUDFLARE_BASE_URL when unset.")
	a.SetDefault(&c.BaseURL, kinds.DefaultBaseURL, "CLOUDFLARE_BASE_URL")
	a.Describe(&c.MaxRetryWait, "How long one call to Cloudflare may wait, in all, for transient failures to pass "+
		"(server errors, lost connections, and the 5-minute block after going over the rate limit) before it fails, "+
		"as a duration such as \"10m\", \"90s\" or \"0s\" (never wait). Defaults to 10m.")
	a.Describe(&c.RequestsPerFiveMinutes, "The most requests this provider sends to Cloudflare in any five minutes, "+
		"an integer from 10 to 1200. Cloudflare allows 1,200 per five minutes per API token and blocks the token for "+
		"five minutes beyond that; when several pipelines share a token, give each a share so that together they stay "+
		"under it. Unset, the provider follows the limit Cloudflare reports in its rate-limit headers (1,200 per five "+
		"minutes), slowing down as it nears it.")
}

// Check validates the configuration at preview, before any call to Cloudflare.
func (*Config) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[*Config], error) {
	inputs := withoutEngineKeys(req.NewInputs)
	cfg, failures, err := infer.DefaultCheck[*Config](ctx, inputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[*Config]{Inputs: cfg, Failures: decodeFailures("the provider configuration", failures, configAccepts)}, err
	}
	// Defaults from the environment are not in inputs: look at the checked values, treating
	// values unknown during a preview as set.
	c := kinds.NewChecker(inputs)
	set := func(property, value string) bool { return value != "" || c.Unknown(property) }
	if f, bad := kinds.CredentialsFailure(set("apiToken", cfg.APIToken), set("apiKey", cfg.APIKey), set("email", cfg.Email)); bad {
		c.Fail(f.Property, strings.TrimPrefix(f.Reason, f.Property+": "))
	}
	if cfg.AccountID != "" && !c.Unknown("accountId") {
		c.Report("accountId", kinds.ValidateAccountID(cfg.AccountID))
	}
	if !c.Unknown("baseUrl") {
		c.Report("baseUrl", kinds.ValidateBaseURL(cfg.BaseURL))
	}
	if !c.Unknown("maxRetryWait") {
		_, err := cfapi.ParseMaxRetryWait(cfg.MaxRetryWait)
		c.Report("maxRetryWait", err)
	}
	c.Integer("requestsPerFiveMinutes", cfapi.RequestBudgetAccepts)
	if c.OK() && !c.Unknown("requestsPerFiveMinutes") && cfg.RequestsPerFiveMinutes != nil {
		c.Report("requestsPerFiveMinutes", cfapi.ValidateRequestBudget(*cfg.RequestsPerFiveMinutes))
	}
	return infer.CheckResponse[*Config]{Inputs: cfg, Failures: c.Failures()}, nil
}

// configAccepts says what each setting accepts, for failures the framework finds.
var configAccepts = map[string]string{
	"apiToken":               "a Cloudflare API token (a string)",
	"apiKey":                 "a Cloudflare Global API key (a string)",
	"email":                  "the email address of the apiKey's user",
	"accountId":              kinds.AcceptsAccountID,
	"baseUrl":                "an https URL such as " + kinds.DefaultBaseURL,
	"maxRetryWait":           `a duration such as "10m", "90s" or "0s"`,
	"requestsPerFiveMinutes": cfapi.RequestBudgetAccepts,
}

// withoutEngineKeys drops the keys the engine and the framework add to provider inputs.
func withoutEngineKeys(m property.Map) property.Map {
	for k := range m.All {
		if k == "version" || strings.HasPrefix(k, "__") {
			m = m.Delete(k)
		}
	}
	return m
}

// Diff reports any change as an update of the provider: the default would replace the
// provider, and with it every resource, when only the credentials rotate.
func (*Config) Diff(_ context.Context, req infer.DiffRequest[*Config, *Config]) (infer.DiffResponse, error) {
	olds, news := req.State, req.Inputs
	if olds == nil {
		olds = &Config{}
	}
	if news == nil {
		news = &Config{}
	}
	return diffInputs(olds, news, diffRules{}), nil
}

// Configure builds the Cloudflare client. Check has validated the values; they are checked
// again here because a program may call Configure with values Check never saw.
func (c *Config) Configure(ctx context.Context) error {
	if c.BaseURL == "" {
		c.BaseURL = kinds.DefaultBaseURL
	}
	if err := kinds.ValidateBaseURL(c.BaseURL); err != nil {
		return fmt.Errorf("baseUrl: %w", err)
	}
	if f, bad := kinds.CredentialsFailure(c.APIToken != "", c.APIKey != "", c.Email != ""); bad {
		return errors.New(f.Reason)
	}
	budget := 0
	if c.RequestsPerFiveMinutes != nil {
		budget = *c.RequestsPerFiveMinutes
		if err := cfapi.ValidateRequestBudget(budget); err != nil {
			return fmt.Errorf("requestsPerFiveMinutes: %w", err)
		}
	}
	wait, err := cfapi.ParseMaxRetryWait(c.MaxRetryWait)
	if err != nil {
		return fmt.Errorf("maxRetryWait: %w", err)
	}
	tuning := tuningFor(ctx)
	tuning.retry.MaxWait = wait
	c.client = cfapi.New(cfapi.Credentials{APIToken: c.APIToken, APIKey: c.APIKey, Email: c.Email}, c.BaseURL, cfapi.NewHTTPClient(budget)).
		WithRetryPolicy(tuning.retry).WithClock(tuning.clock)
	c.account = c.AccountID
	return nil
}

// clientTuning is how the client rides out failures and tells time. Only tests change it,
// through the context the provider is served with: millisecond backoff, a fake clock.
type clientTuning struct {
	retry cfapi.RetryPolicy
	clock cfapi.Clock
}

type clientTuningKey struct{}

func tuningFor(ctx context.Context) clientTuning {
	if t, ok := ctx.Value(clientTuningKey{}).(clientTuning); ok {
		return t
	}
	return clientTuning{retry: cfapi.DefaultRetryPolicy(), clock: cfapi.RealClock}
}

// clientFor returns the configured client and the account to use: the resource's own
// accountId, or the provider's.
func clientFor(ctx context.Context, accountID string) (*cfapi.Client, string, error) {
	cfg := infer.GetConfig[*Config](ctx)
	if cfg.client == nil {
		return nil, "", errors.New("the provider is not configured: set apiToken, or apiKey with email")
	}
	account, err := resolveAccount(cfg, accountID)
	return cfg.client, account, err
}

func resolveAccount(cfg *Config, accountID string) (string, error) {
	if accountID != "" {
		return accountID, nil
	}
	if cfg.account != "" {
		return cfg.account, nil
	}
	return "", errors.New("accountId: no account: set accountId on the resource, or on the provider " +
		"(accountId or CLOUDFLARE_ACCOUNT_ID)")
}
