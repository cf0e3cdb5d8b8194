package emulator_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// A record equal, as DNS compares records, to one the zone holds is refused with Cloudflare's
// code and changes nothing: not even when its data differs only in case.
func TestRecordsAPIRefusesAnIdenticalRecord(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	zone := srv.CreateZone(t, "records.example", emulator.ZoneFull)
	path := "zones/" + zone + "/dns_records"
	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, path, `{"type":"MX","name":"@","content":"10 mail.records.example."}`).Status)
	before := call(t, srv, auth(srv), http.MethodGet, path, "")

	again := call(t, srv, auth(srv), http.MethodPost, path, `{"type":"MX","name":"@","content":"10 Mail.Records.Example."}`)
	require.Equal(t, http.StatusBadRequest, again.Status)
	require.Len(t, again.Body.Errors, 1)
	assert.Equal(t, 81058, again.Body.Errors[0].Code)
	assert.JSONEq(t, string(before.Body.Result), string(call(t, srv, auth(srv), http.MethodGet, path, "").Body.Result))
}

// The records list comes a page at a time, as Cloudflare's: 100 a page unless per_page says
// otherwise, with result_info, and a bad page is refused naming the parameter.
func TestRecordsAPIPages(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	zone := srv.CreateZone(t, "pages.example", emulator.ZoneFull)
	path := "zones/" + zone + "/dns_records"
	for _, name := range []string{"a", "b", "c"} {
		require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, path, `{"type":"A","name":"`+name+`","content":"192.0.2.1"}`).Status)
	}
	var names []string
	for page := 1; page <= 2; page++ {
		r := call(t, srv, auth(srv), http.MethodGet, path+"?per_page=2&page="+strconv.Itoa(page), "")
		require.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, map[string]int{"page": page, "per_page": 2, "count": 2 - page + 1, "total_count": 3, "total_pages": 2}, r.Body.ResultInfo)
		var records []struct{ Name string }
		require.NoError(t, json.Unmarshal(r.Body.Result, &records))
		for _, rec := range records {
			names = append(names, rec.Name)
		}
	}
	assert.Equal(t, []string{"a.pages.example", "b.pages.example", "c.pages.example"}, names)
	all := call(t, srv, auth(srv), http.MethodGet, path, "")
	assert.Equal(t, 100, all.Body.ResultInfo["per_page"])
	assert.Equal(t, 3, all.Body.ResultInfo["count"])

	bad := call(t, srv, auth(srv), http.MethodGet, path+"?per_page=0", "")
	require.Equal(t, http.StatusBadRequest, bad.Status)
	assert.Contains(t, bad.Body.Errors[0].Message, "per_page")
}

// PUT replaces a record whole and the record keeps its ID, as Cloudflare's do, also after a
// restart; a replacement equal to another record of the zone is refused, and an unknown ID is
// not found.
func TestRecordsAPIPutKeepsTheID(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	srv := emulatortest.Start(t, emulator.Options{StatePath: state})
	zone := srv.CreateZone(t, "put.example", emulator.ZoneFull)
	path := "zones/" + zone + "/dns_records"
	type record struct{ ID, Name, Content string }
	post := func(body string) record {
		r := call(t, srv, auth(srv), http.MethodPost, path, body)
		require.Equal(t, http.StatusOK, r.Status)
		var rec record
		require.NoError(t, json.Unmarshal(r.Body.Result, &rec))
		return rec
	}
	www := post(`{"type":"A","name":"www","content":"192.0.2.1"}`)
	post(`{"type":"A","name":"api","content":"192.0.2.2"}`)

	r := call(t, srv, auth(srv), http.MethodPut, path+"/"+www.ID, `{"type":"A","name":"www","content":"192.0.2.9","ttl":600}`)
	require.Equal(t, http.StatusOK, r.Status)
	var put record
	require.NoError(t, json.Unmarshal(r.Body.Result, &put))
	assert.Equal(t, record{ID: www.ID, Name: "www.put.example", Content: "192.0.2.9"}, put)

	clash := call(t, srv, auth(srv), http.MethodPut, path+"/"+www.ID, `{"type":"A","name":"api","content":"192.0.2.2"}`)
	require.Equal(t, http.StatusBadRequest, clash.Status)
	assert.Equal(t, 81058, clash.Body.Errors[0].Code)
	assert.Equal(t, http.StatusNotFound, call(t, srv, auth(srv), http.MethodPut, path+"/"+strings.Repeat("0", 32), `{"type":"A","name":"x","content":"192.0.2.3"}`).Status)

	listed := func(srv *emulatortest.Server) []record {
		var out []record
		require.NoError(t, json.Unmarshal(call(t, srv, auth(srv), http.MethodGet, path, "").Body.Result, &out))
		return out
	}
	want := []record{{ID: listed(srv)[0].ID, Name: "api.put.example", Content: "192.0.2.2"}, put}
	assert.ElementsMatch(t, want, listed(srv))
	require.NoError(t, srv.Close())

	again := emulatortest.Start(t, emulator.Options{StatePath: state})
	assert.ElementsMatch(t, want, listed(again), "the replaced record keeps its ID after a restart")
	require.Equal(t, http.StatusOK, call(t, again, auth(again), http.MethodDelete, path+"/"+www.ID, "").Status)
	assert.Len(t, listed(again), 1)
}
