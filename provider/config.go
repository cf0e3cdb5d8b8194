package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// DefaultBaseURL is Cloudflare's API v4.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4/"

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
	a.Describe(&c.APIToken, "A Cloudflare API token with the \"Account Settings Write\" permission "+
		"(\"Account Settings Read\" is enough for the functions). The preferred way to authenticate; "+
		"do not set apiKey or email with it. Read from CLOUDFLARE_API_TOKEN when unset.")
	a.SetDefault(&c.APIToken, nil, "CLOUDFLARE_API_TOKEN")
	a.Describe(&c.APIKey, "A legacy Cloudflare Global API key, used together with email instead of apiToken. "+
		"Read from CLOUDFLARE_API_KEY when unset.")
	a.SetDefault(&c.APIKey, nil, "CLOUDFLARE_API_KEY")
	a.Describe(&c.Email, "The email address of the Cloudflare user whose apiKey is used. "+
		"Read from CLOUDFLARE_EMAIL when unset.")
	a.SetDefault(&c.Email, nil, "CLOUDFLARE_EMAIL")
	a.Describe(&c.AccountID, "The Cloudflare account ID ("+hexID+") used by resources "+
		"and functions that do not set their own accountId. Read from CLOUDFLARE_ACCOUNT_ID when unset.")
	a.SetDefault(&c.AccountID, nil, "CLOUDFLARE_ACCOUNT_ID")
	a.Describe(&c.BaseURL, "The Cloudflare API base URL. Must be https, except for a loopback host "+
		"(a local emulator), so that credentials never travel in clear. Read from CLOUDFLARE_BASE_URL when unset.")
	a.SetDefault(&c.BaseURL, DefaultBaseURL, "CLOUDFLARE_BASE_URL")
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
	set := func(property, value string) bool {
		v, ok := inputs.GetOk(property)
		return value != "" || (ok && v.HasComputed())
	}
	var problems []p.CheckFailure
	if f, bad := credentialsFailure(set("apiToken", cfg.APIToken), set("apiKey", cfg.APIKey), set("email", cfg.Email)); bad {
		problems = append(problems, f)
	}
	if !isUnknown(inputs, "accountId") && cfg.AccountID != "" {
		problems = appendFailure(problems, "accountId", validateAccountID(cfg.AccountID))
	}
	if !isUnknown(inputs, "baseUrl") {
		problems = appendFailure(problems, "baseUrl", validateBaseURL(cfg.BaseURL))
	}
	if !isUnknown(inputs, "maxRetryWait") {
		_, err := cfapi.ParseMaxRetryWait(cfg.MaxRetryWait)
		problems = appendFailure(problems, "maxRetryWait", err)
	}
	budget := newChecker(inputs)
	budget.integer("requestsPerFiveMinutes", cfapi.RequestBudgetAccepts)
	problems = append(problems, budget.failures...)
	if len(budget.failures) == 0 && !isUnknown(inputs, "requestsPerFiveMinutes") && cfg.RequestsPerFiveMinutes != nil {
		problems = appendFailure(problems, "requestsPerFiveMinutes", cfapi.ValidateRequestBudget(*cfg.RequestsPerFiveMinutes))
	}
	return infer.CheckResponse[*Config]{Inputs: cfg, Failures: problems}, nil
}

// credentialsFailure says what is wrong with the credentials that are set, if anything: exactly
// one way to authenticate must be, an API token or an API key with its email.
func credentialsFailure(token, key, email bool) (p.CheckFailure, bool) {
	switch {
	case token && (key || email):
		return p.CheckFailure{Property: "apiToken",
			Reason: "apiToken: set either apiToken (CLOUDFLARE_API_TOKEN) or apiKey (CLOUDFLARE_API_KEY) " +
				"with email (CLOUDFLARE_EMAIL), not both: unset one of them"}, true
	case !token && !key && !email:
		return p.CheckFailure{Property: "apiToken",
			Reason: "apiToken: no credentials: set apiToken (CLOUDFLARE_API_TOKEN), " +
				"or apiKey (CLOUDFLARE_API_KEY) with email (CLOUDFLARE_EMAIL)"}, true
	case key && !email:
		return p.CheckFailure{Property: "email",
			Reason: "email: apiKey (CLOUDFLARE_API_KEY) needs email (CLOUDFLARE_EMAIL), the address of its user; " +
				"or use apiToken (CLOUDFLARE_API_TOKEN) instead"}, true
	case email && !key:
		return p.CheckFailure{Property: "apiKey",
			Reason: "apiKey: email (CLOUDFLARE_EMAIL) is set without apiKey (CLOUDFLARE_API_KEY); " +
				"set apiKey, or use apiToken (CLOUDFLARE_API_TOKEN) and unset email"}, true
	}
	return p.CheckFailure{}, false
}

// configAccepts says what each setting accepts, for failures the framework finds.
var configAccepts = map[string]string{
	"apiToken":               "a Cloudflare API token (a string)",
	"apiKey":                 "a Cloudflare Global API key (a string)",
	"email":                  "the email address of the apiKey's user",
	"accountId":              acceptsAccountID,
	"baseUrl":                "an https URL such as " + DefaultBaseURL,
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

func isUnknown(m property.Map, key string) bool {
	v, ok := m.GetOk(key)
	return ok && v.HasComputed()
}

func appendFailure(failures []p.CheckFailure, property string, err error) []p.CheckFailure {
	if err == nil {
		return failures
	}
	return append(failures, p.CheckFailure{Property: property, Reason: property + ": " + err.Error()})
}

// validateBaseURL refuses plain http except to a loopback host: the token is sent with every
// request.
func validateBaseURL(raw string) error {
	const accepted = "expected an https URL such as " + DefaultBaseURL +
		" (http only for a loopback host such as http://127.0.0.1:8787/client/v4/)"
	// The URL is not quoted back when it has an @: the part before it may be a password.
	if strings.Contains(raw, "@") {
		return fmt.Errorf("must not carry a user name or password (user@host): credentials go in apiToken, or apiKey with email; %s", accepted)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL: %s", raw, accepted)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses plain http to a host that is not loopback, which would send the credentials in clear: %s", raw, accepted)
	default:
		return fmt.Errorf("%q has scheme %q: %s", raw, u.Scheme, accepted)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
	return diffFields(
		field("apiToken", olds.APIToken, news.APIToken, false),
		field("apiKey", olds.APIKey, news.APIKey, false),
		field("email", olds.Email, news.Email, false),
		field("accountId", olds.AccountID, news.AccountID, false),
		field("baseUrl", olds.BaseURL, news.BaseURL, false),
		field("maxRetryWait", olds.MaxRetryWait, news.MaxRetryWait, false),
		optionalField("requestsPerFiveMinutes", olds.RequestsPerFiveMinutes, news.RequestsPerFiveMinutes, false),
	), nil
}

// Configure builds the Cloudflare client. Check has validated the values; they are checked
// again here because a program may call Configure with values Check never saw.
func (c *Config) Configure(ctx context.Context) error {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if err := validateBaseURL(c.BaseURL); err != nil {
		return fmt.Errorf("baseUrl: %w", err)
	}
	if f, bad := credentialsFailure(c.APIToken != "", c.APIKey != "", c.Email != ""); bad {
		return errors.New(f.Reason)
	}
	budget := valueOr(c.RequestsPerFiveMinutes, 0)
	if c.RequestsPerFiveMinutes != nil {
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
