package provider

import (
	"context"
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

// lookup fetches the object a Read names, from the account in the ID, the state or the inputs.
// An import has only the ID. found is false when the object is gone on refresh, which drops it
// from the state; on import, a missing object is an error.
func lookup[R any](ctx context.Context, kind, rawID string, importing bool,
	get func(*Client, context.Context, string, string) (R, error), accounts ...string,
) (got R, account string, found bool, err error) {
	idAccount, id, err := resourceID(rawID, kind)
	if err != nil {
		return got, "", false, err
	}
	client, account, err := clientFor(ctx, firstSet(append([]string{idAccount}, accounts...)...))
	if err != nil {
		return got, "", false, importHint(err, importing, kind, rawID)
	}
	got, err = get(client, ctx, account, id)
	if isNotFound(err) && !importing {
		return got, account, false, nil
	}
	if err != nil {
		return got, account, false, importHint(err, importing, kind, rawID)
	}
	return got, account, true, nil
}

// importHint adds what an import accepts to a failed import.
func importHint(err error, importing bool, kind, id string) error {
	if !importing {
		return err
	}
	return fmt.Errorf("importing %s %q: %w (import accepts <accountId>/<id>, or <id> with the provider's accountId set)", kind, id, err)
}
