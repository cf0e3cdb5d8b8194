package cfapi

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A kind missing a piece of its description is refused by name, so that registering it
// fails a test instead of silently skipping what the piece does.
func TestKindValidateNamesWhatIsMissing(t *testing.T) {
	t.Parallel()
	described := func() Described[string] {
		return Described[string]{
			Name: "Thing", Subject: func(s string) string { return s }, Matches: func(a, b string) bool { return a == b },
		}
	}
	account := func() *AccountKind[string] {
		return &AccountKind[string]{
			Described: described(),
			ID:        func(s string) string { return s },
			API: AccountAPI[string]{
				Get:    func(context.Context, *Client, string, string) (string, error) { return "", nil },
				List:   func(context.Context, *Client, string) ([]string, error) { return nil, nil },
				Create: func(context.Context, *Client, string, string) (string, error) { return "", nil },
				Update: func(context.Context, *Client, string, string) (string, error) { return "", nil },
				Delete: func(context.Context, *Client, string, string) error { return nil },
			},
		}
	}
	zone := func() *ZoneKind[string] {
		return &ZoneKind[string]{
			Described: described(),
			API: ZoneAPI[string]{
				Get:    func(context.Context, *Client, string) (string, error) { return "", nil },
				Create: func(context.Context, *Client, string, string) (string, error) { return "", nil },
				Update: func(context.Context, *Client, string, string) (string, error) { return "", nil },
				Delete: func(context.Context, *Client, string) error { return nil },
			},
		}
	}
	assert.NoError(t, account().Validate())
	assert.NoError(t, zone().Validate())
	for want, breakIt := range map[string]func(k *AccountKind[string]){
		`kind "Thing" has no API.Get`:    func(k *AccountKind[string]) { k.API.Get = nil },
		`kind "Thing" has no API.Create`: func(k *AccountKind[string]) { k.API.Create = nil },
		`kind "Thing" has no API.Update`: func(k *AccountKind[string]) { k.API.Update = nil },
		`kind "Thing" has no API.Delete`: func(k *AccountKind[string]) { k.API.Delete = nil },
		`kind "Thing" has no API.List`:   func(k *AccountKind[string]) { k.API.List = nil },
		`kind "Thing" has no ID`:         func(k *AccountKind[string]) { k.ID = nil },
		`kind "Thing" has no Subject`:    func(k *AccountKind[string]) { k.Subject = nil },
		`kind "Thing" has no Matches`:    func(k *AccountKind[string]) { k.Matches = nil },
		`kind "" has no name`:            func(k *AccountKind[string]) { k.Name = "" },
	} {
		k := account()
		breakIt(k)
		err := k.Validate()
		if assert.Error(t, err, want) {
			assert.Contains(t, err.Error(), want)
		}
	}
	for want, breakIt := range map[string]func(k *ZoneKind[string]){
		`kind "Thing" has no API.Get`:    func(k *ZoneKind[string]) { k.API.Get = nil },
		`kind "Thing" has no API.Create`: func(k *ZoneKind[string]) { k.API.Create = nil },
		`kind "Thing" has no API.Update`: func(k *ZoneKind[string]) { k.API.Update = nil },
		`kind "Thing" has no API.Delete`: func(k *ZoneKind[string]) { k.API.Delete = nil },
		`kind "Thing" has no Matches`:    func(k *ZoneKind[string]) { k.Matches = nil },
	} {
		k := zone()
		breakIt(k)
		err := k.Validate()
		if assert.Error(t, err, want) {
			assert.Contains(t, err.Error(), want)
		}
	}
}

// Errors name the scope and the permission the scope needs.
func TestOperationsNameTheirScope(t *testing.T) {
	t.Parallel()
	account := Operation{Verb: "creating", Kind: "Acl", Subject: `"office"`, Scope: Account, ScopeID: "a1"}
	zone := Operation{Verb: "updating", Kind: "IncomingTransfer", Scope: Zone, ScopeID: "z1"}
	assert.Equal(t, `creating Acl "office" in account a1`, account.String())
	assert.Equal(t, `updating IncomingTransfer in zone z1`, zone.String())
	assert.Contains(t, hint(account, 403, nil), `needs the "Account Settings Write" permission on account a1`)
	assert.Contains(t, hint(zone, 403, nil), `needs the "Zone Settings Write" (or "DNS Write") permission on zone z1`)
	assert.Contains(t, hint(Operation{Verb: "reading", Scope: Zone, ScopeID: "z1"}, 403, nil), `"Zone Settings Read"`)
	assert.Contains(t, hint(zone, 404, nil), "check the ID and the zone ID")
	assert.Contains(t, hint(Operation{Verb: "listing", Kind: "Zones named example.com", Scope: Account, ScopeID: "a1", Permission: "Zone Read"}, 403, nil), `needs the "Zone Read" permission`)
	assert.Contains(t, Account.findCreated("Acl"), "listAcls function")
	assert.Contains(t, Zone.findCreated("IncomingTransfer"), "getIncomingTransfer function and import it with the zone ID")
}
