package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// The Pulumi side of every resource, written once: the Check skeleton, the IDs and imports,
// and the shapes of Read and Delete. A resource's own files say what differs.

// checkInputs is the skeleton of every Check: the framework decodes the inputs (its failures
// rewritten to name the property and what it accepts), then validate adds the resource's own
// checks. Nothing here calls Cloudflare.
func checkInputs[A any](ctx context.Context, kind string, inputs property.Map, accepts map[string]string,
	validate func(c *checker, args *A),
) (infer.CheckResponse[A], error) {
	args, failures, err := infer.DefaultCheck[A](ctx, inputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[A]{Inputs: args, Failures: decodeFailures(kind, failures, accepts)}, err
	}
	c := newChecker(inputs)
	validate(c, &args)
	return infer.CheckResponse[A]{Inputs: args, Failures: c.failures}, nil
}

// objectID is a resource ID taken apart: the scope (account or zone) it names, if any, and
// Cloudflare's ID of the object.
type objectID struct {
	scope, id string
}

// parseID splits a resource ID. An account object's ID is Cloudflare's ID, and an import may
// also name the account: "<accountId>/<id>". A zone object's ID is the zone ID.
func parseID[R any](k *cfapi.Kind[R], raw string) (objectID, error) {
	if k.Scope == cfapi.Zone {
		if err := validateObjectID(raw, "zone"); err != nil {
			return objectID{}, fmt.Errorf("%s ID %q: %w; expected <zoneId>", k.Name, raw, err)
		}
		return objectID{scope: raw, id: raw}, nil
	}
	out := objectID{id: raw}
	if before, after, found := strings.Cut(raw, "/"); found {
		out = objectID{scope: before, id: after}
		if err := validateAccountID(out.scope); err != nil {
			return objectID{}, fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", k.Name, raw, err)
		}
	}
	if err := validateObjectID(out.id, k.Name); err != nil {
		return objectID{}, fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", k.Name, raw, err)
	}
	return out, nil
}

// target returns the client and the account or zone an existing object lives in: the one in
// its ID, else the first of scopes that is set (its state's, then its inputs'), else for an
// account object the provider's account.
func target[R any](ctx context.Context, k *cfapi.Kind[R], rawID string, scopes ...string) (*cfapi.Client, objectID, error) {
	id, err := parseID(k, rawID)
	if err != nil {
		return nil, id, err
	}
	client, scope, err := clientFor(ctx, firstSet(append([]string{id.scope}, scopes...)...))
	id.scope = scope
	return client, id, err
}

// firstSet returns the first non-empty string.
func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// lookup fetches the object a Read names. An import has only the ID. found is false when the
// object is gone on refresh, which drops it from the state; on import, a missing object is an
// error.
func lookup[R any](ctx context.Context, k *cfapi.Kind[R], rawID string, importing bool, scopes ...string) (got R, scope string, found bool, err error) {
	client, id, err := target(ctx, k, rawID, scopes...)
	if err != nil {
		return got, "", false, importHint(err, importing, k, rawID)
	}
	return fetch(ctx, k, client, id, rawID, importing)
}

// fetch is lookup for a caller that already has the client and the target.
func fetch[R any](ctx context.Context, k *cfapi.Kind[R], client *cfapi.Client, id objectID, rawID string, importing bool) (got R, scope string, found bool, err error) {
	got, err = k.Get(ctx, client, id.scope, id.id)
	if cfapi.IsNotFound(err) && !importing {
		return got, id.scope, false, nil
	}
	if err != nil {
		return got, id.scope, false, importHint(err, importing, k, rawID)
	}
	return got, id.scope, true, nil
}

// deleteObject deletes the object a resource names; one already gone counts as deleted.
func deleteObject[R any](ctx context.Context, k *cfapi.Kind[R], rawID string, scopes ...string) (infer.DeleteResponse, error) {
	client, id, err := target(ctx, k, rawID, scopes...)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	return remove(ctx, k, client, id)
}

// remove is deleteObject for a caller that already has the client and the target.
func remove[R any](ctx context.Context, k *cfapi.Kind[R], client *cfapi.Client, id objectID) (infer.DeleteResponse, error) {
	if err := k.Delete(ctx, client, id.scope, id.id); err != nil && !cfapi.IsNotFound(err) {
		return infer.DeleteResponse{}, err
	}
	return infer.DeleteResponse{}, nil
}

// importHint adds what an import accepts to a failed import.
func importHint[R any](err error, importing bool, k *cfapi.Kind[R], id string) error {
	if !importing {
		return err
	}
	accepts := "<accountId>/<id>, or <id> with the provider's accountId set"
	if k.Scope == cfapi.Zone {
		accepts = "<zoneId>"
	}
	return fmt.Errorf("importing %s %q: %w (import accepts %s)", k.Name, id, err, accepts)
}

// partialCreate keeps an object that was created but not finished in the state, so it is not
// orphaned: the next `pulumi up` calls Update, which finishes the job.
func partialCreate[S any](id string, state S, err error, what string) (infer.CreateResponse[S], error) {
	return infer.CreateResponse[S]{ID: id, Output: state}, infer.ResourceInitFailedError{Reasons: []string{err.Error(), what}}
}
