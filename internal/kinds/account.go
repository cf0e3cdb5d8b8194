package kinds

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/zones"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// What cmd/cloudflare-secondary-dns-import reads of an account, through the provider's own
// client, kinds and error wording: the command never talks to Cloudflare another way. It only
// ever reads.

// Settings are how the import command reaches Cloudflare: the provider's configuration, from
// the same environment variables.
type Settings struct {
	APIToken, APIKey, Email, AccountID, BaseURL string
}

// SettingsFromEnvironment reads CLOUDFLARE_API_TOKEN, CLOUDFLARE_API_KEY, CLOUDFLARE_EMAIL,
// CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_BASE_URL, as the provider does.
func SettingsFromEnvironment(getenv func(string) string) Settings {
	return Settings{
		APIToken:  getenv("CLOUDFLARE_API_TOKEN"),
		APIKey:    getenv("CLOUDFLARE_API_KEY"),
		Email:     getenv("CLOUDFLARE_EMAIL"),
		AccountID: getenv("CLOUDFLARE_ACCOUNT_ID"),
		BaseURL:   getenv("CLOUDFLARE_BASE_URL"),
	}
}

// Account reads one Cloudflare account; it only ever reads.
type Account struct {
	client *cfapi.Client
	id     string
}

// OpenAccount checks the settings as the provider's configuration is checked, before any
// request, and returns the account they name, read through the provider's throttled client.
func OpenAccount(s Settings) (*Account, error) {
	if f, bad := CredentialsFailure(s.APIToken != "", s.APIKey != "", s.Email != ""); bad {
		return nil, errors.New(strings.TrimPrefix(f.Reason, f.Property+": "))
	}
	if s.AccountID == "" {
		return nil, errors.New("no account: pass --account or set CLOUDFLARE_ACCOUNT_ID to the account ID (in the dashboard URL)")
	}
	if err := ValidateAccountID(s.AccountID); err != nil {
		return nil, fmt.Errorf("account: %w", err)
	}
	if s.BaseURL == "" {
		s.BaseURL = DefaultBaseURL
	}
	if err := ValidateBaseURL(s.BaseURL); err != nil {
		return nil, fmt.Errorf("CLOUDFLARE_BASE_URL: %w", err)
	}
	creds := cfapi.Credentials{APIToken: s.APIToken, APIKey: s.APIKey, Email: s.Email}
	return &Account{client: cfapi.New(creds, s.BaseURL, cfapi.NewHTTPClient(0)), id: s.AccountID}, nil
}

// ID is the account's ID.
func (a *Account) ID() string { return a.id }

// Objects lists the account's objects of an account kind (one listing); a zone kind has none.
func (a *Account) Objects(ctx context.Context, k Kind) ([]Found, error) {
	if k.inAccount == nil {
		return nil, nil
	}
	return k.inAccount(ctx, a.client, a.id)
}

// Zones lists the account's zones, every page; with names, only the zones of those names, and
// a name the account has no zone of is an error.
func (a *Account) Zones(ctx context.Context, names []string) ([]Zone, error) {
	if len(names) == 0 {
		params := zones.ZoneListParams{
			Account: cloudflare.F(zones.ZoneListParamsAccount{ID: cloudflare.F(a.id)}),
			PerPage: cloudflare.F(zonesPerPage),
		}
		op := cfapi.Operation{Verb: "listing", Kind: "Zones", Scope: cfapi.Account, ScopeID: a.id, Permission: ZoneRead}
		records, err := listZonePages(ctx, a.client, op, params)
		return a.own(records), err
	}
	var out []Zone
	seen := map[string]bool{} // a zone named twice is listed once
	for _, name := range names {
		key := strings.ToLower(strings.TrimSuffix(name, "."))
		if seen[key] {
			continue
		}
		seen[key] = true
		records, err := FindZones(ctx, a.client, name, a.id)
		if err != nil {
			return nil, err
		}
		found := a.own(records)
		if len(found) == 0 {
			return nil, fmt.Errorf("--zone %s: account %s has no zone of that name: check the name, or drop --zone to read every zone",
				strings.TrimSuffix(name, "."), a.id)
		}
		out = append(out, found...)
	}
	return out, nil
}

// own keeps the zones of the account: the listings are filtered by account, and a zone of
// another is never adopted even if one came back.
func (a *Account) own(records []Zone) []Zone {
	var out []Zone
	for _, z := range records {
		if z.AccountID == a.id {
			out = append(out, z)
		}
	}
	return out
}

// zonesPerPage is the most zones Cloudflare answers per page.
const zonesPerPage float64 = 50

// ZoneObject reads a zone's object of a zone kind: found is false when the zone has none, or
// is of a type that holds none of the kind.
func (a *Account) ZoneObject(ctx context.Context, k Kind, z Zone) (f Found, found bool, err error) {
	if k.inZone == nil || !slices.Contains(k.ZoneTypes, z.Type) {
		return Found{}, false, nil
	}
	return k.inZone(ctx, a.client, z)
}

// Zone reads one zone of the account by its ID; a zone of another account is an error.
func (a *Account) Zone(ctx context.Context, id string) (Zone, error) {
	z, err := ReadZone(ctx, a.client, id)
	if err == nil && z.AccountID != a.id {
		err = fmt.Errorf("zone %s (%s) belongs to account %s, not %s: pass --account %s", id, z.Name, z.AccountID, a.id, z.AccountID)
	}
	return z, err
}
