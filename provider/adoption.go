package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/zones"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// What cmd/cloudflare-secondary-dns-import reads of an account, through the provider's own
// client, kinds and error wording: the command never talks to Cloudflare another way.

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

// Found is one object of the account as `pulumi import --file` takes it: the resource's type
// token, the object's name in Cloudflare, and the ID the provider's import accepts.
type Found struct {
	Type, Name, ID string
}

// Zone is a zone of the account: its ID, name and type (full, partial or secondary).
type Zone struct {
	ID, Name, Type string
}

// Account reads one Cloudflare account; it only ever reads.
type Account struct {
	client *cfapi.Client
	id     string
}

// OpenAccount checks the settings as the provider's configuration is checked, before any
// request, and returns the account they name, read through the provider's throttled client.
func OpenAccount(s Settings) (*Account, error) {
	if f, bad := credentialsFailure(s.APIToken != "", s.APIKey != "", s.Email != ""); bad {
		return nil, errors.New(strings.TrimPrefix(f.Reason, f.Property+": "))
	}
	if s.AccountID == "" {
		return nil, errors.New("no account: pass --account or set CLOUDFLARE_ACCOUNT_ID to the account ID (in the dashboard URL)")
	}
	if err := validateAccountID(s.AccountID); err != nil {
		return nil, fmt.Errorf("account: %w", err)
	}
	if s.BaseURL == "" {
		s.BaseURL = DefaultBaseURL
	}
	if err := validateBaseURL(s.BaseURL); err != nil {
		return nil, fmt.Errorf("CLOUDFLARE_BASE_URL: %w", err)
	}
	creds := cfapi.Credentials{APIToken: s.APIToken, APIKey: s.APIKey, Email: s.Email}
	return &Account{client: cfapi.New(creds, s.BaseURL, cfapi.NewHTTPClient(0)), id: s.AccountID}, nil
}

// ID is the account's ID.
func (a *Account) ID() string { return a.id }

// Objects lists the account's TSIG keys, peers and ACLs (one listing each), with import IDs
// <accountId>/<id>, so that the import needs no accountId in the stack's configuration.
func (a *Account) Objects(ctx context.Context) ([]Found, error) {
	keys, err := listFound(ctx, a, tsigKind, func(t tsigRecord) string { return t.Name })
	if err != nil {
		return nil, err
	}
	peers, err := listFound(ctx, a, peerKind, func(p peerRecord) string { return p.Name })
	if err != nil {
		return nil, err
	}
	acls, err := listFound(ctx, a, aclKind, func(r aclRecord) string { return r.Name })
	if err != nil {
		return nil, err
	}
	return slices.Concat(keys, peers, acls), nil
}

func listFound[R any](ctx context.Context, a *Account, k *cfapi.Kind[R], name func(R) string) ([]Found, error) {
	records, err := k.List(ctx, a.client, a.id)
	if err != nil {
		return nil, err
	}
	out := make([]Found, len(records))
	for i, r := range records {
		out[i] = Found{Type: typeToken(k.Name), Name: name(r), ID: a.id + "/" + k.ID(r)}
	}
	return out, nil
}

// Zones lists the account's zones, every page; with names, only the zones of those names, and
// a name the account has no zone of is an error.
func (a *Account) Zones(ctx context.Context, names []string) ([]Zone, error) {
	if len(names) == 0 {
		params := zones.ZoneListParams{
			Account: cloudflare.F(zones.ZoneListParamsAccount{ID: cloudflare.F(a.id)}),
			PerPage: cloudflare.F(zonesPerPage),
		}
		op := cfapi.Operation{Verb: "listing", Kind: "Zones", Scope: cfapi.Account, ScopeID: a.id, Permission: zoneRead}
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
		records, err := findZones(ctx, a.client, name, a.id)
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
func (a *Account) own(records []zoneRecord) []Zone {
	var out []Zone
	for _, z := range records {
		if z.AccountID == a.id {
			out = append(out, Zone{ID: z.ID, Name: z.Name, Type: z.Type})
		}
	}
	return out
}

// zonesPerPage is the most zones Cloudflare answers per page.
const zonesPerPage float64 = 50

// ZoneTransfer reads the one transfer configuration a zone may have: incoming for a secondary
// zone, outgoing for the others. found is false when the zone has none.
func (a *Account) ZoneTransfer(ctx context.Context, z Zone) (f Found, found bool, err error) {
	if z.Type == "secondary" {
		return zoneFound(ctx, a, incomingKind, z)
	}
	return zoneFound(ctx, a, outgoingKind, z)
}

func zoneFound[R any](ctx context.Context, a *Account, k *cfapi.Kind[R], z Zone) (Found, bool, error) {
	_, err := k.Get(ctx, a.client, z.ID, z.ID)
	if cfapi.IsNotFound(err) {
		return Found{}, false, nil
	}
	if err != nil {
		return Found{}, false, err
	}
	return Found{Type: typeToken(k.Name), Name: z.Name, ID: z.ID}, true, nil
}

// typeToken is a resource's type token, e.g. cloudflare-secondary-dns:index:Tsig.
func typeToken(kind string) string { return Name + ":index:" + kind }
