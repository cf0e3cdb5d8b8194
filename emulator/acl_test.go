package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

func TestACLLifecycle(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/acls"

	r := call(t, srv, auth(srv), http.MethodPost, path, `{"name":"primaries","ip_range":"192.0.2.53/28"}`)
	require.Equal(t, http.StatusOK, r.Status)
	var created emulator.ACL
	require.NoError(t, json.Unmarshal(r.Body.Result, &created))
	assert.Regexp(t, idFormat, created.ID)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"primaries","ip_range":"192.0.2.53/28"}`, string(r.Body.Result),
		"the range is kept as sent, host bits and all")

	r = call(t, srv, auth(srv), http.MethodPut, path+"/"+created.ID, `{"id":"ignored","name":"v6","ip_range":"2001:db8::/64"}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"v6","ip_range":"2001:db8::/64"}`, string(r.Body.Result))

	r = call(t, srv, auth(srv), http.MethodGet, path+"/"+created.ID, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"v6","ip_range":"2001:db8::/64"}`, string(r.Body.Result))
	r = call(t, srv, auth(srv), http.MethodGet, path, "")
	assert.JSONEq(t, `[{"id":"`+created.ID+`","name":"v6","ip_range":"2001:db8::/64"}]`, string(r.Body.Result))
	assert.Equal(t, []emulator.ACL{{ID: created.ID, Name: "v6", IPRange: "2001:db8::/64"}}, srv.ACLs(srv.AccountID))

	r = call(t, srv, auth(srv), http.MethodDelete, path+"/"+created.ID, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`"}`, string(r.Body.Result))
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		r = call(t, srv, auth(srv), method, path+"/"+created.ID, "")
		assert.Equal(t, http.StatusNotFound, r.Status, method)
		assert.Equal(t, 7003, r.Body.Errors[0].Code)
	}
	r = call(t, srv, auth(srv), http.MethodPut, path+"/"+created.ID, `{"name":"n","ip_range":"192.0.2.0/24"}`)
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Empty(t, srv.ACLs(srv.AccountID))
}

func TestACLRanges(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/acls"
	for _, tc := range []struct {
		ipRange string
		ok      bool
	}{
		{"192.0.2.0/24", true},
		{"192.0.2.53/28", true},
		{"192.0.2.53/32", true},
		{"2001:db8::/64", true},
		{"2001:db8::53/128", true},
		{"192.0.2.0/23", false},
		{"0.0.0.0/0", false},
		{"2001:db8::/63", false},
		{"::/0", false},
		{"192.0.2.53", false},
		{"192.0.2.0/33", false},
		{"example.com/24", false},
		{"", false},
	} {
		t.Run(tc.ipRange, func(t *testing.T) {
			t.Parallel()
			r := call(t, srv, auth(srv), http.MethodPost, path, `{"name":"n","ip_range":"`+tc.ipRange+`"}`)
			if tc.ok {
				assert.Equal(t, http.StatusOK, r.Status)
				return
			}
			assert.Equal(t, http.StatusBadRequest, r.Status)
			require.Len(t, r.Body.Errors, 1)
			assert.Equal(t, 1002, r.Body.Errors[0].Code)
			require.NotNil(t, r.Body.Errors[0].Source)
			assert.Equal(t, "/ip_range", r.Body.Errors[0].Source.Pointer)
		})
	}
}

func TestACLBodies(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/acls"
	acl := srv.PutACL(srv.AccountID, emulator.ACL{Name: "a", IPRange: "192.0.2.0/24"})
	for _, tc := range []struct {
		name, method, path, body string
		fields                   []string
	}{
		{"create without fields", http.MethodPost, path, `{}`, []string{"name", "ip_range"}},
		{"create without a range", http.MethodPost, path, `{"name":"n"}`, []string{"ip_range"}},
		{"update without a name", http.MethodPut, path + "/" + acl.ID, `{"ip_range":"192.0.2.0/24"}`, []string{"name"}},
		{"update with a numeric range", http.MethodPut, path + "/" + acl.ID, `{"name":"n","ip_range":24}`, []string{"ip_range"}},
		{"update too wide", http.MethodPut, path + "/" + acl.ID, `{"name":"n","ip_range":"10.0.0.0/8"}`, []string{"ip_range"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, srv, auth(srv), tc.method, tc.path, tc.body)
			assert.Equal(t, http.StatusBadRequest, r.Status)
			var fields []string
			for _, e := range r.Body.Errors {
				assert.Equal(t, 1002, e.Code)
				fields = append(fields, e.Source.Pointer[1:])
			}
			assert.Equal(t, tc.fields, fields)
		})
	}
	got, ok := srv.GetACL(srv.AccountID, acl.ID)
	require.True(t, ok)
	assert.Equal(t, acl, got, "refused updates change nothing")
}

func TestACLAccessors(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/state.json"
	e, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	acct := emulator.DemoAccountID
	a := e.PutACL(acct, emulator.ACL{Name: "a", IPRange: "192.0.2.0/24"})
	b := e.PutACL(acct, emulator.ACL{ID: "0123456789abcdef0123456789abcdef", Name: "b", IPRange: "10.0.0.0/8"})
	assert.Equal(t, "0123456789abcdef0123456789abcdef", b.ID, "a given ID is kept; the range is not checked")
	a.Name = "renamed"
	e.PutACL(acct, a)
	assert.Equal(t, []emulator.ACL{a, b}, e.ACLs(acct), "replaced in place, in creation order")

	again, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	assert.Equal(t, []emulator.ACL{a, b}, again.ACLs(acct), "saved with the other kinds")

	assert.True(t, e.DeleteACL(acct, a.ID))
	assert.False(t, e.DeleteACL(acct, a.ID))
	_, ok := e.GetACL(acct, a.ID)
	assert.False(t, ok)
	assert.Empty(t, e.ACLs(otherAccount))
}
