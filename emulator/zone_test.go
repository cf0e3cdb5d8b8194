package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 890123000, time.UTC)

func zoneBody(name, acct, typ string) string {
	if typ == "" {
		return fmt.Sprintf(`{"name":%q,"account":{"id":%q}}`, name, acct)
	}
	return fmt.Sprintf(`{"name":%q,"account":{"id":%q},"type":%q}`, name, acct, typ)
}

func TestZoneLifecycle(t *testing.T) {
	t.Parallel()
	clock := emulatortest.NewClock(t0)
	srv := emulatortest.Start(t, emulator.Options{Clock: clock.Now})

	r := call(t, srv, auth(srv), http.MethodPost, "zones", zoneBody("Example.COM", srv.AccountID, "secondary"))
	require.Equal(t, http.StatusOK, r.Status)
	var created struct{ ID string }
	require.NoError(t, json.Unmarshal(r.Body.Result, &created))
	assert.Regexp(t, idFormat, created.ID)
	want := `{"id":"` + created.ID + `","name":"example.com","type":"secondary","status":"active","paused":false,
		"development_mode":0,"name_servers":["ns1.secondary.cloudflare.com","ns2.secondary.cloudflare.com"],
		"original_name_servers":null,"original_registrar":null,"original_dnshost":null,
		"created_on":"2026-03-04T05:06:07.890123Z","modified_on":"2026-03-04T05:06:07.890123Z","activated_on":"2026-03-04T05:06:07.890123Z",
		"account":{"id":"` + srv.AccountID + `"},"owner":{"id":"` + srv.AccountID + `","type":"organization"},
		"meta":{"step":2,"custom_certificate_quota":0,"page_rule_quota":125,"phishing_detected":false},
		"plan":{"id":"enterprise","name":"Enterprise Website","legacy_id":"enterprise","is_subscribed":true,"currency":"USD","price":0}}`
	assert.JSONEq(t, want, string(r.Body.Result))

	r = call(t, srv, auth(srv), http.MethodGet, "zones/"+created.ID, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, want, string(r.Body.Result))
	assert.Equal(t, []emulator.Zone{{ID: created.ID, Name: "example.com", Type: "secondary", Account: srv.AccountID, CreatedOn: t0, ModifiedOn: t0}},
		srv.Zones(srv.AccountID))

	r = call(t, srv, auth(srv), http.MethodDelete, "zones/"+created.ID, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`"}`, string(r.Body.Result))
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		r = call(t, srv, auth(srv), method, "zones/"+created.ID, "")
		assert.Equal(t, http.StatusNotFound, r.Status)
		assert.Equal(t, 7003, r.Body.Errors[0].Code)
		assert.Contains(t, r.Body.Errors[0].Message, "perhaps your object identifier is invalid")
	}
	assert.Empty(t, srv.Zones(srv.AccountID))
}

func TestZoneCreateRules(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	r := call(t, srv, auth(srv), http.MethodPost, "zones", zoneBody("example.com", srv.AccountID, ""))
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, string(r.Body.Result), `"type":"full"`, "full is the default type")
	assert.Contains(t, string(r.Body.Result), `"name_servers":["ada.ns.cloudflare.com","bob.ns.cloudflare.com"]`)

	for _, tc := range []struct {
		name, body   string
		status, code int
		fields       []string
	}{
		{"the same name", zoneBody("example.com", srv.AccountID, "secondary"), 400, 1061, nil},
		{"the same name in other case", zoneBody("EXAMPLE.com", srv.AccountID, ""), 400, 1061, nil},
		{"an account the credentials may not use", zoneBody("example.org", "ffffffffffffffffffffffffffffffff", ""), 403, 10000, nil},
		{"no fields", `{}`, 400, 1002, []string{"name", "account"}},
		{"no account id", `{"name":"example.org","account":{}}`, 400, 1002, []string{"account/id"}},
		{"account as a string", `{"name":"example.org","account":"` + srv.AccountID + `"}`, 400, 1002, []string{"account"}},
		{"a trailing dot", zoneBody("example.org.", srv.AccountID, ""), 400, 1002, []string{"name"}},
		{"a single label", zoneBody("localhost", srv.AccountID, ""), 400, 1002, []string{"name"}},
		{"an unknown type", zoneBody("example.org", srv.AccountID, "primary"), 400, 1002, []string{"type"}},
		{"a numeric type", `{"name":"example.org","account":{"id":"` + srv.AccountID + `"},"type":1}`, 400, 1002, []string{"type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, srv, auth(srv), http.MethodPost, "zones", tc.body)
			assert.Equal(t, tc.status, r.Status)
			var fields []string
			for _, e := range r.Body.Errors {
				assert.Equal(t, tc.code, e.Code)
				if e.Source != nil {
					fields = append(fields, e.Source.Pointer[1:])
				}
			}
			assert.Equal(t, tc.fields, fields)
		})
	}
	assert.Len(t, srv.Zones(srv.AccountID), 1, "nothing refused was created")

	r = call(t, srv, auth(srv), http.MethodPost, "zones", zoneBody("example.com", otherAccount, "partial"))
	assert.Equal(t, http.StatusOK, r.Status, "another account may hold a zone of the same name")
	assert.Len(t, srv.Zones(otherAccount), 1)
}

func TestZoneAccess(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	mine := srv.PutZone(emulator.Zone{Name: "example.com"})
	foreign := srv.PutZone(emulator.Zone{Name: "example.net", Account: "ffffffffffffffffffffffffffffffff"})
	for _, tc := range []struct {
		name   string
		header http.Header
		zone   string
		status int
		code   int
	}{
		{"no credentials, unknown zone", nil, "0123456789abcdef0123456789abcdef", 400, 6003},
		{"wrong token, unknown zone", http.Header{"Authorization": {"Bearer nope"}}, "0123456789abcdef0123456789abcdef", 403, 10000},
		{"unknown zone", auth(srv), "0123456789abcdef0123456789abcdef", 404, 7003},
		{"another account's zone", auth(srv), foreign.ID, 403, 10000},
		{"own zone", auth(srv), mine.ID, 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, srv, tc.header, http.MethodGet, "zones/"+tc.zone, "")
			assert.Equal(t, tc.status, r.Status)
			if tc.code != 0 {
				assert.Equal(t, tc.code, r.Body.Errors[0].Code)
			}
		})
	}
	r := call(t, srv, auth(srv), http.MethodDelete, "zones/"+foreign.ID, "")
	assert.Equal(t, http.StatusForbidden, r.Status)
	_, ok := srv.GetZone(foreign.ID)
	assert.True(t, ok)
	r = call(t, srv, nil, http.MethodGet, "zones", "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	r = call(t, srv, auth(srv), http.MethodPatch, "zones/"+mine.ID, `{}`)
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "DELETE, GET, HEAD", r.Header.Get("Allow"))
}

func TestZoneList(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	var names []string
	for i := range 12 {
		acct := srv.AccountID
		if i%3 == 2 {
			acct = otherAccount
		}
		z := srv.PutZone(emulator.Zone{Name: fmt.Sprintf("zone%02d.example", i), Account: acct})
		names = append(names, z.Name)
	}
	srv.PutZone(emulator.Zone{Name: "hidden.example", Account: "ffffffffffffffffffffffffffffffff"})

	type page struct {
		names []string
		info  map[string]int
	}
	list := func(t *testing.T, query string) page {
		t.Helper()
		r := call(t, srv, auth(srv), http.MethodGet, "zones"+query, "")
		require.Equal(t, http.StatusOK, r.Status)
		var zones []struct{ Name string }
		require.NoError(t, json.Unmarshal(r.Body.Result, &zones))
		p := page{names: []string{}, info: r.Body.ResultInfo}
		for _, z := range zones {
			p.names = append(p.names, z.Name)
		}
		return p
	}

	all := list(t, "")
	assert.Equal(t, names, all.names, "every zone the credentials may use, in creation order")
	assert.Equal(t, map[string]int{"page": 1, "per_page": 20, "count": 12, "total_count": 12, "total_pages": 1}, all.info)

	assert.Equal(t, []string{"zone03.example"}, list(t, "?name=ZONE03.example").names, "exact, case-insensitive")
	assert.Empty(t, list(t, "?name=zone03").names, "no partial matches")
	assert.Equal(t, []string{"zone02.example", "zone05.example", "zone08.example", "zone11.example"},
		list(t, "?account.id="+otherAccount).names)
	assert.Empty(t, list(t, "?account.id=ffffffffffffffffffffffffffffffff").names, "an account the credentials may not use")
	assert.Empty(t, list(t, "?name=zone03.example&account.id="+otherAccount).names)
	assert.Len(t, list(t, "?status=active").names, 12)
	assert.Empty(t, list(t, "?status=pending").names)

	second := list(t, "?per_page=5&page=2")
	assert.Equal(t, names[5:10], second.names)
	assert.Equal(t, map[string]int{"page": 2, "per_page": 5, "count": 5, "total_count": 12, "total_pages": 3}, second.info)
	assert.Equal(t, names[10:], list(t, "?per_page=5&page=3").names)
	beyond := list(t, "?per_page=5&page=4")
	assert.Empty(t, beyond.names, "an empty page ends the SDK's auto-paging")
	assert.Equal(t, 0, beyond.info["count"])

	for _, q := range []string{"?per_page=4", "?per_page=51", "?page=0", "?page=x"} {
		r := call(t, srv, auth(srv), http.MethodGet, "zones"+q, "")
		assert.Equal(t, http.StatusBadRequest, r.Status, q)
		assert.Equal(t, 1002, r.Body.Errors[0].Code, q)
	}
}

func TestZoneSeeds(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	opts := emulator.Options{
		Accounts:  []string{emulator.DemoAccountID, otherAccount},
		StatePath: state,
		Zones: []emulator.ZoneSeed{
			{Name: "example.com"},
			{Name: "Example.NET", Type: "secondary", Account: otherAccount},
		},
	}
	e, err := emulator.New(opts)
	require.NoError(t, err)
	com, ok := e.ZoneByName(emulator.DemoAccountID, "example.com")
	require.True(t, ok)
	assert.Equal(t, "full", com.Type)
	assert.Regexp(t, idFormat, com.ID)
	net, ok := e.ZoneByName(otherAccount, "example.net")
	require.True(t, ok)
	assert.Equal(t, "secondary", net.Type)
	_, ok = e.ZoneByName(emulator.DemoAccountID, "example.net")
	assert.False(t, ok, "in its own account only")

	again, err := emulator.New(opts)
	require.NoError(t, err)
	assert.Equal(t, []emulator.Zone{com}, again.Zones(emulator.DemoAccountID), "seeding twice keeps the one zone")

	fresh, err := emulator.New(emulator.Options{Zones: opts.Zones[:1]})
	require.NoError(t, err)
	z, ok := fresh.ZoneByName(emulator.DemoAccountID, "example.com")
	require.True(t, ok)
	assert.Equal(t, com.ID, z.ID, "a seeded zone's ID is the same at every start")

	for name, seeds := range map[string][]emulator.ZoneSeed{
		"bad name":        {{Name: "not a name"}},
		"bad type":        {{Name: "example.com", Type: "primary"}},
		"unknown account": {{Name: "example.com", Account: "ffffffffffffffffffffffffffffffff"}},
	} {
		_, err := emulator.New(emulator.Options{Zones: seeds})
		assert.Error(t, err, name)
	}
}

func TestZoneAccessors(t *testing.T) {
	t.Parallel()
	clock := emulatortest.NewClock(t0)
	state := filepath.Join(t.TempDir(), "state.json")
	e, err := emulator.New(emulator.Options{StatePath: state, Clock: clock.Now})
	require.NoError(t, err)
	a := e.PutZone(emulator.Zone{Name: "example.com"})
	assert.Equal(t, emulator.Zone{ID: a.ID, Name: "example.com", Type: "full", Account: emulator.DemoAccountID, CreatedOn: t0, ModifiedOn: t0}, a,
		"defaults: full, the first account, the clock's time")
	b := e.PutZone(emulator.Zone{ID: "0123456789abcdef0123456789abcdef", Name: "example.org", Type: "secondary", Account: otherAccount})
	assert.Equal(t, "0123456789abcdef0123456789abcdef", b.ID)
	clock.Advance(time.Hour)
	a.Type = "partial"
	a.ModifiedOn = clock.Now()
	e.PutZone(a)
	got, ok := e.GetZone(a.ID)
	require.True(t, ok)
	assert.Equal(t, a, got)
	assert.Equal(t, []emulator.Zone{a}, e.Zones(emulator.DemoAccountID))
	assert.Equal(t, []emulator.Zone{b}, e.Zones(otherAccount))

	again, err := emulator.New(emulator.Options{StatePath: state})
	require.NoError(t, err)
	assert.Equal(t, []emulator.Zone{a}, again.Zones(emulator.DemoAccountID), "zones are saved")
	assert.Equal(t, []emulator.Zone{b}, again.Zones(otherAccount))

	assert.True(t, e.DeleteZone(a.ID))
	assert.False(t, e.DeleteZone(a.ID))
	_, ok = e.ZoneByName(emulator.DemoAccountID, "example.com")
	assert.False(t, ok)
}

func TestAddZone(t *testing.T) {
	t.Parallel()
	e, err := emulator.New(emulator.Options{Clock: emulatortest.NewClock(t0).Now})
	require.NoError(t, err)
	z, err := e.AddZone("Example.COM", "", emulator.DemoAccountID)
	require.NoError(t, err)
	assert.Equal(t, emulator.Zone{ID: z.ID, Name: "example.com", Type: "full", Account: emulator.DemoAccountID, CreatedOn: t0, ModifiedOn: t0}, z)
	for name, args := range map[string][3]string{
		"the same name":   {"example.com", "secondary", emulator.DemoAccountID},
		"a bad name":      {"example", "", emulator.DemoAccountID},
		"a bad type":      {"example.org", "primary", emulator.DemoAccountID},
		"another account": {"example.org", "", otherAccount},
	} {
		_, err := e.AddZone(args[0], args[1], args[2])
		assert.Error(t, err, name)
	}
	assert.Len(t, e.Zones(emulator.DemoAccountID), 1)
}
