package cfapi

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/shared"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSecret   = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtMDE="
	otherAccount = "0123456789abcdef0123456789abcdef"
	wrongToken   = "wrong-token-6f1d9a0b"
)

// Whatever Cloudflare, or a proxy, echoes back, the credentials and the key are redacted.
func TestEchoedSecretsAreRedacted(t *testing.T) {
	t.Parallel()
	client := New(Credentials{APIToken: wrongToken}, "https://api.cloudflare.com/client/v4/", http.DefaultClient)
	echo := &cloudflare.Error{StatusCode: http.StatusBadRequest, Errors: []shared.ErrorData{
		{Code: 1001, Message: fmt.Sprintf("secret %s is invalid for token %s", testSecret, wrongToken)},
	}}
	err := client.explain(Operation{Verb: "creating", Kind: "Tsig", Subject: `"k"`, Scope: Account, ScopeID: otherAccount}, echo, testSecret)
	assert.Equal(t, `creating Tsig "k" in account `+otherAccount+`: Cloudflare answered 400 (code 1001: secret [redacted] is invalid `+
		`for token [redacted]). Cloudflare rejected the request: correct the values it names, then run again.`, err.Error())

	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
}
