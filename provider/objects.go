package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// The Pulumi side of every kind's objects, written once: resource IDs, and the shapes of Read
// and Delete. An account object's resource ID is Cloudflare's ID (an import may also name the
// account); a zone object's is its zone's ID.

// objectID is a resource ID taken apart: the account or zone it names, if any, and Cloudflare's
// ID of the object.
type objectID struct {
	scope, id string
}

// store is a kind as Read and Delete use it, whatever its scope.
type store[R any] interface {
	kindName() string
	// parse takes a resource ID apart; accepts is what an import takes, for errors.
	parse(raw string) (objectID, error)
	accepts() string
	get(ctx context.Context, c *cfapi.Client, id objectID) (R, error)
	delete(ctx context.Context, c *cfapi.Client, id objectID) error
}

// accountObjects are the objects of an account kind.
type accountObjects[R any] struct{ *cfapi.AccountKind[R] }

func (k accountObjects[R]) kindName() string { return k.Name }

func (k accountObjects[R]) accepts() string {
	return "<accountId>/<id>, or <id> with the provider's accountId set"
}

func (k accountObjects[R]) parse(raw string) (objectID, error) {
	out := objectID{id: raw}
	if before, after, found := strings.Cut(raw, "/"); found {
		out = objectID{scope: before, id: after}
		if err := kinds.ValidateAccountID(out.scope); err != nil {
			return objectID{}, fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", k.Name, raw, err)
		}
	}
	if err := kinds.ValidateObjectID(out.id, k.Name); err != nil {
		return objectID{}, fmt.Errorf("%s ID %q: %w; expected <accountId>/<id> or <id>", k.Name, raw, err)
	}
	return out, nil
}

func (k accountObjects[R]) get(ctx context.Context, c *cfapi.Client, id objectID) (R, error) {
	return k.Get(ctx, c, id.scope, id.id)
}

func (k accountObjects[R]) delete(ctx context.Context, c *cfapi.Client, id objectID) error {
	return k.Delete(ctx, c, id.scope, id.id)
}

// zoneObjects are the objects of a zone kind.
type zoneObjects[R any] struct{ *cfapi.ZoneKind[R] }

func (k zoneObjects[R]) kindName() string { return k.Name }

func (k zoneObjects[R]) accepts() string { return "<zoneId>" }

func (k zoneObjects[R]) parse(raw string) (objectID, error) {
	if err := kinds.ValidateObjectID(raw, "zone"); err != nil {
		return objectID{}, fmt.Errorf("%s ID %q: %w; expected <zoneId>", k.Name, raw, err)
	}
	return objectID{scope: raw, id: raw}, nil
}

func (k zoneObjects[R]) get(ctx context.Context, c *cfapi.Client, id objectID) (R, error) {
	return k.Get(ctx, c, id.scope)
}

func (k zoneObjects[R]) delete(ctx context.Context, c *cfapi.Client, id objectID) error {
	return k.Delete(ctx, c, id.scope)
}

// target returns the client and the account or zone an existing object lives in: the one in
// its ID, else the first of scopes that is set (its state's, then its inputs'), else for an
// account object the provider's account.
func target[R any](ctx context.Context, k store[R], rawID string, scopes ...string) (*cfapi.Client, objectID, error) {
	id, err := k.parse(rawID)
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
func lookup[R any](ctx context.Context, k store[R], rawID string, importing bool, scopes ...string) (got R, scope string, found bool, err error) {
	client, id, err := target(ctx, k, rawID, scopes...)
	if err != nil {
		return got, "", false, importHint(err, importing, k, rawID)
	}
	return fetch(ctx, k, client, id, rawID, importing)
}

// fetch is lookup for a caller that already has the client and the target.
func fetch[R any](ctx context.Context, k store[R], client *cfapi.Client, id objectID, rawID string, importing bool) (got R, scope string, found bool, err error) {
	got, err = k.get(ctx, client, id)
	if cfapi.IsNotFound(err) && !importing {
		return got, id.scope, false, nil
	}
	if err != nil {
		return got, id.scope, false, importHint(err, importing, k, rawID)
	}
	return got, id.scope, true, nil
}

// deleteObject deletes the object a resource names; one already gone counts as deleted.
func deleteObject[R any](ctx context.Context, k store[R], rawID string, scopes ...string) (infer.DeleteResponse, error) {
	client, id, err := target(ctx, k, rawID, scopes...)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	return remove(ctx, k, client, id)
}

// remove is deleteObject for a caller that already has the client and the target.
func remove[R any](ctx context.Context, k store[R], client *cfapi.Client, id objectID) (infer.DeleteResponse, error) {
	if err := k.delete(ctx, client, id); err != nil && !cfapi.IsNotFound(err) {
		return infer.DeleteResponse{}, err
	}
	return infer.DeleteResponse{}, nil
}

// importHint adds what an import accepts to a failed import.
func importHint[R any](err error, importing bool, k store[R], id string) error {
	if !importing {
		return err
	}
	return fmt.Errorf("importing %s %q: %w (import accepts %s)", k.kindName(), id, err, k.accepts())
}

// identified is an account object that takes the ID of the object it replaces.
type identified[R any] interface{ WithID(id string) R }

// replace writes want over the account object a resource names, whole, as Cloudflare's PUT
// does, and returns it with the account it lives in.
func replace[R identified[R]](ctx context.Context, k accountObjects[R], rawID, account string, want R) (string, R, error) {
	client, id, err := target(ctx, k, rawID, account)
	if err != nil {
		return "", want, err
	}
	updated, err := k.Update(ctx, client, id.scope, want.WithID(id.id))
	return id.scope, updated, err
}

// partialCreate keeps an object that was created but not finished in the state, so it is not
// orphaned: the next `pulumi up` calls Update, which finishes the job.
func partialCreate[S any](id string, state S, err error, what string) (infer.CreateResponse[S], error) {
	return infer.CreateResponse[S]{ID: id, Output: state}, infer.ResourceInitFailedError{Reasons: []string{err.Error(), what}}
}
