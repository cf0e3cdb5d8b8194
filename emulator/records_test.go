package emulator_test

import (
	"encoding/json"
	"net/http"
	"strconv"
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
