package kinds

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
)

// How the provider and the import command reach Cloudflare, and what their settings accept.

// DefaultBaseURL is Cloudflare's API v4.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4/"

// CredentialsFailure says what is wrong with the credentials that are set, if anything: exactly
// one way to authenticate must be, an API token or an API key with its email.
func CredentialsFailure(token, key, email bool) (p.CheckFailure, bool) {
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

// ValidateBaseURL refuses plain http except to a loopback host: the token is sent with every
// request.
func ValidateBaseURL(raw string) error {
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
