package emulator

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
)

// credential is what a request authenticated with.
type credential struct {
	status credentialStatus
	key    string // the rate limiter's key: one per token or legacy pair; "" unless accepted
}

type credentialStatus int

const (
	credentialMissing  credentialStatus = iota // none, half a legacy pair, or a malformed header
	credentialRejected                         // well-formed but not accepted
	credentialAccepted
)

// authenticate reads either header kind. When a request carries both, the token decides, as it
// is the kind Cloudflare prefers.
func (e *Emulator) authenticate(r *http.Request) credential {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return credential{status: credentialMissing}
		}
		if slices.ContainsFunc(e.opts.Tokens, func(t string) bool { return equal(t, token) }) {
			return credential{status: credentialAccepted, key: "token\x00" + token}
		}
		return credential{status: credentialRejected}
	}
	email, key := r.Header.Get("X-Auth-Email"), r.Header.Get("X-Auth-Key")
	if email == "" || key == "" {
		return credential{status: credentialMissing}
	}
	if e.opts.Email != "" && equal(e.opts.Email, email) && equal(e.opts.Key, key) {
		return credential{status: credentialAccepted, key: "key\x00" + email + "\x00" + key}
	}
	return credential{status: credentialRejected}
}

// equal compares secrets in constant time, as a real server would.
func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// checkAuth answers 400 or 403 unless cred may use the account; it reports whether to go on.
func (e *Emulator) checkAuth(w http.ResponseWriter, cred credential, acct string) bool {
	switch {
	case cred.status == credentialMissing:
		writeError(w, http.StatusBadRequest, codeMissingAuth,
			"Invalid request headers: send Authorization: Bearer <API token>, or X-Auth-Email and X-Auth-Key")
	case cred.status == credentialRejected:
		writeError(w, http.StatusForbidden, codeAuthentication, "Authentication error")
	case !slices.Contains(e.opts.Accounts, acct):
		writeError(w, http.StatusForbidden, codeAuthentication, "Authentication error: these credentials may not use this account")
	default:
		return true
	}
	return false
}
