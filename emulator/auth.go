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

// checkCredential answers 400 or 403 unless cred was accepted; it reports whether to go on.
func checkCredential(w http.ResponseWriter, cred credential) bool {
	switch cred.status {
	case credentialMissing:
		writeError(w, http.StatusBadRequest, codeMissingAuth,
			"Invalid request headers: send Authorization: Bearer <API token>, or X-Auth-Email and X-Auth-Key")
	case credentialRejected:
		writeError(w, http.StatusForbidden, codeAuthentication, "Authentication error")
	default:
		return true
	}
	return false
}

// checkAuth answers 400 or 403 unless cred may use the account; it reports whether to go on.
func (e *Emulator) checkAuth(w http.ResponseWriter, cred credential, acct string) bool {
	return checkCredential(w, cred) && e.checkAccount(w, acct)
}

// checkAccount answers 403 unless the accepted credentials may use the account.
func (e *Emulator) checkAccount(w http.ResponseWriter, acct string) bool {
	if !e.mayUse(acct) {
		writeError(w, http.StatusForbidden, codeAuthentication, "Authentication error: these credentials may not use this account")
		return false
	}
	return true
}

// mayUse reports whether the accepted credentials may use the account. Every credential may
// use every configured account.
func (e *Emulator) mayUse(acct string) bool { return slices.Contains(e.opts.Accounts, acct) }
