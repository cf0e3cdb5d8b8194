package provider

import (
	"fmt"
	"strings"
)

// resourceID splits a resource ID. Resources created by the provider have the Cloudflare ID;
// an import may also name the account: "<accountId>/<id>".
func resourceID(raw, kind string) (account, id string, err error) {
	id = raw
	if before, after, found := strings.Cut(raw, "/"); found {
		account, id = before, after
		if err := validateAccountID(account); err != nil {
			return "", "", fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", kind, raw, err)
		}
	}
	if err := validateObjectID(id, kind); err != nil {
		return "", "", fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", kind, raw, err)
	}
	return account, id, nil
}

// firstSet returns the first non-empty account: the one in the ID, in the state, then in the
// inputs.
func firstSet(accounts ...string) string {
	for _, a := range accounts {
		if a != "" {
			return a
		}
	}
	return ""
}
