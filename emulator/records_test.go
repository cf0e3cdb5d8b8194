package emulator_test

import (
	"net/http"
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
