package provider

import (
	"errors"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hostileToken = "hostile-token-93b1c7"

// hostile serves reply to every request but the listings, which are empty, and counts the
// requests it answered with reply.
func hostile(t *testing.T, reply http.HandlerFunc) (*cfapi.Client, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && (strings.HasSuffix(r.URL.Path, "/tsigs") || strings.HasSuffix(r.URL.Path, "/peers")) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":[]}`)
			return
		}
		hits.Add(1)
		reply(w, r)
	}))
	t.Cleanup(srv.Close)
	client := cfapi.New(cfapi.Credentials{APIToken: hostileToken}, srv.URL+"/client/v4/", srv.Client())
	client.WithRetryPolicy(cfapi.RetryPolicy{MaxAttempts: 3, FirstDelay: 0, MaxDelay: 0, MaxWait: cfapi.DefaultMaxRetryWait})
	return client, &hits
}

func jsonReply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// Broken and hostile replies each end in a clear error that names the operation and what was
// wrong, without quoting the body (which here carries the secret), and without a panic.
func TestHostileReplies(t *testing.T) {
	t.Parallel()
	tenMB := strings.Repeat(" ", 10<<20)
	tsigBody := `"name":"k.example.","algo":"hmac-sha256.","secret":"` + testSecret + `"`
	tests := []struct {
		name  string
		reply http.HandlerFunc
		want  string // in the error
		hits  int32  // attempts: broken replies are not retried, replies cut short are
	}{
		{"not JSON", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>"+testSecret+"</html>")
		}, "Cloudflare answered 200 (the reply is not Cloudflare's JSON envelope)", 1},
		{"JSON cut short", jsonReply(http.StatusOK, `{"success":true,"result":{"id":"`+tsigID+`",`+tsigBody),
			"the reply is not Cloudflare's JSON envelope", 1},
		{"connection closed mid-body", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			_, _ = io.WriteString(w, `{"success":true,"result":{"secret":"`+testSecret)
		}, "the reply was cut short: unexpected EOF; gave up after 3 attempts", 3},
		{"10 MB with its length", jsonReply(http.StatusOK, tenMB), "the reply is larger than 4 MiB", 1},
		{"10 MB streamed", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < 10; i++ {
				_, _ = io.WriteString(w, tenMB[:1<<20])
				w.(http.Flusher).Flush()
			}
		}, "the reply is larger than 4 MiB", 1},
		{"wrong type", jsonReply(http.StatusOK, `{"success":true,"errors":[],"result":{"id":"`+tsigID+`","name":5,"algo":"hmac-sha256.","secret":"`+testSecret+`"}}`),
			`the reply holds an object whose "name" is a number, not a string`, 1},
		{"result of the wrong shape", jsonReply(http.StatusOK, `{"success":true,"errors":[],"result":["`+testSecret+`"]}`),
			"the reply holds a result that is not an object", 1},
		{"success false with 200", jsonReply(http.StatusOK, `{"success":false,"errors":[{"code":1234,"message":"no for `+hostileToken+`"}],"result":null}`),
			`Cloudflare answered 200 (the reply reports a failure ("success": false); code 1234: no for [redacted])`, 1},
		{"no success field", jsonReply(http.StatusOK, `{"result":{"id":"`+tsigID+`",`+tsigBody+`}}`), `the reply has no "success" field`, 1},
		{"null result", jsonReply(http.StatusOK, `{"success":true,"errors":[],"result":null}`), "the reply has no result", 1},
		{"empty result", jsonReply(http.StatusOK, `{"success":true,"errors":[],"result":{}}`), `the reply holds an object without "id"`, 1},
		{"empty body", jsonReply(http.StatusOK, ``), "the reply is empty", 1},
		{"empty ID", jsonReply(http.StatusOK, `{"success":true,"result":{"id":"",`+tsigBody+`}}`), `the reply holds an object with an empty "id"`, 1},
		{"server error page from a proxy", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html>bad gateway</html>")
		}, "Cloudflare answered 502 (the reply is not Cloudflare's JSON envelope; gave up after 3 attempts). Cloudflare failed on its side", 3},
		{"error without an envelope", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `"`+testSecret+`"`)
		}, "Cloudflare answered 400 (the reply is not Cloudflare's JSON envelope)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, hits := hostile(t, tt.reply)
			_, err := kinds.Tsigs.Get(t.Context(), client, otherAccount, tsigID)
			require.Error(t, err)
			var apiErr *cfapi.APIError
			require.True(t, errors.As(err, &apiErr), "%T", err)
			assert.Contains(t, err.Error(), "reading Tsig "+tsigID+" in account "+otherAccount+": ")
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), testSecret)
			assert.NotContains(t, err.Error(), hostileToken)
			assert.Equal(t, tt.hits, hits.Load(), "attempts")
		})
	}
}

// A create whose reply is broken may have happened: the account is listed, and with nothing
// new there, the broken reply is reported and the POST is not sent again.
func TestHostileReplyToCreate(t *testing.T) {
	t.Parallel()
	client, hits := hostile(t, jsonReply(http.StatusOK, `{"success":false,"errors":[{"code":1001,"message":"bad secret `+testSecret+`"}],"result":null}`))
	_, err := kinds.Tsigs.Create(t.Context(), client, otherAccount, kinds.TsigKey{Tsig: kinds.Tsig{Name: "k.example.", Algo: "hmac-sha256."}, Secret: testSecret}, false)
	require.Error(t, err)
	assert.Equal(t, `creating Tsig "k.example." in account `+otherAccount+`: Cloudflare answered 200 (the reply reports a failure ("success": false); code 1001: bad secret [redacted]). `+
		`This is not a reply Cloudflare sends: check that baseUrl (CLOUDFLARE_BASE_URL) points at Cloudflare's API and that no proxy rewrites its replies, then run again.`, err.Error())
	assert.Equal(t, int32(1), hits.Load())
}

// Lists are checked item by item, and an empty list is a valid answer.
func TestHostileListReplies(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/tsigs") {
			_, _ = io.WriteString(w, `{"success":true,"errors":[],"result":[]}`)
			return
		}
		_, _ = io.WriteString(w, `{"success":true,"errors":[],"result":[{"id":"`+tsigID+`","name":"ns1","port":"53"}]}`)
	}))
	t.Cleanup(srv.Close)
	client := cfapi.New(cfapi.Credentials{APIToken: hostileToken}, srv.URL+"/client/v4/", srv.Client())
	keys, err := kinds.Tsigs.List(t.Context(), client, otherAccount)
	require.NoError(t, err)
	assert.Empty(t, keys)
	_, err = kinds.Peers.List(t.Context(), client, otherAccount)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `listing Peers in account `+otherAccount+`: Cloudflare answered 200 (the reply holds item 0 of the list: an object whose "port" is a string, not a number)`)
}

// A peer whose port is not a port number is refused, whether it comes alone or in a list.
func TestHostilePeerPort(t *testing.T) {
	t.Parallel()
	for _, port := range []string{"53.5", "-1", "65536", "1e300"} {
		peer := `{"id":"` + tsigID + `","name":"ns1","port":` + port + `}`
		client, _ := hostile(t, jsonReply(http.StatusOK, `{"success":true,"errors":[],"result":`+peer+`}`))
		_, err := kinds.Peers.Get(t.Context(), client, otherAccount, tsigID)
		require.Error(t, err, port)
		assert.Contains(t, err.Error(), `the reply holds an object whose "port" is `, port)
		assert.Contains(t, err.Error(), `, not a port number`, port)
	}
}
