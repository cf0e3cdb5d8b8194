package cfapi

import (
	"context"
	"fmt"
)

// Kind describes one kind of Cloudflare object: everything that differs between TSIG keys,
// peers, ACLs and zone transfer configurations. Reading, listing, creating exactly once,
// updating, deleting, the read cache and error wording are written once, over kinds, as the
// methods below. R is the object as the provider holds it.
type Kind[R any] struct {
	Name  string // as users know it, e.g. "Tsig": errors say "creating Tsig ..."
	Scope Scope  // Account: objects with IDs of their own; Zone: one object per zone

	API API[R] // the SDK calls, each converting and checking its reply

	ID func(R) string // Cloudflare's ID of the object (for a Zone kind, the zone ID)
	// Subject names an object in errors about writing it, e.g. `"ns1" (<id>)`.
	Subject func(R) string
	// Secrets are values of the object that must never appear in an error (a TSIG secret).
	Secrets func(R) []string
	// Matches reports whether have, found in Cloudflare after a create whose reply was lost,
	// is what the create of want made: the fields the create sent are equal.
	Matches func(have, want R) bool
}

// API is the SDK calls of a kind, for one account or zone (scope). Each converts the SDK's
// reply with CheckDecoded first. A Zone kind has no List: its one object is read with Get.
type API[R any] struct {
	Get    func(ctx context.Context, c *Client, scope, id string) (R, error)
	List   func(ctx context.Context, c *Client, scope string) ([]R, error)
	Create func(ctx context.Context, c *Client, scope string, want R) (R, error)
	Update func(ctx context.Context, c *Client, scope string, want R) (R, error)
	Delete func(ctx context.Context, c *Client, scope, id string) error
}

// Validate reports what a kind's description lacks, so that a forgotten piece fails a test
// instead of silently turning a check off.
func (k *Kind[R]) Validate() error {
	missing := func(what string) error { return fmt.Errorf("kind %q has no %s", k.Name, what) }
	switch {
	case k.Name == "":
		return missing("name")
	case k.API.Get == nil:
		return missing("API.Get")
	case k.API.Create == nil:
		return missing("API.Create")
	case k.API.Update == nil:
		return missing("API.Update")
	case k.API.Delete == nil:
		return missing("API.Delete")
	case k.Scope == Account && k.API.List == nil:
		return missing("API.List (account objects are listed by refreshes and exactly-once creates)")
	case k.Scope == Zone && k.API.List != nil:
		return fmt.Errorf("kind %q is one per zone: it has no list", k.Name)
	case k.ID == nil:
		return missing("ID")
	case k.Subject == nil:
		return missing("Subject")
	case k.Matches == nil:
		return missing("Matches")
	}
	return nil
}

func (k *Kind[R]) op(verb, subject, scope string) Operation {
	return Operation{Verb: verb, Kind: k.Name, Subject: subject, Scope: k.Scope, ScopeID: scope}
}

func (k *Kind[R]) secrets(r R) []string {
	if k.Secrets == nil {
		return nil
	}
	return k.Secrets(r)
}

// Get reads one object: from the listing of a refresh when other Reads come with it, else by
// ID (see readCache).
func (k *Kind[R]) Get(ctx context.Context, c *Client, scope, id string) (R, error) {
	if k.API.List == nil {
		return k.fetch(ctx, c, scope, id)
	}
	return burstOf(&c.reads, k).read(ctx, c, scope, id, k)
}

// fetch reads one object by ID, never from a cache.
func (k *Kind[R]) fetch(ctx context.Context, c *Client, scope, id string) (R, error) {
	op := k.op("reading", id, scope)
	if k.Scope == Zone {
		op.Subject = ""
	}
	var got R
	err := c.call(ctx, op, func(ctx context.Context) (err error) {
		got, err = k.API.Get(ctx, c, scope, id)
		return err
	})
	return got, c.explain(op, err)
}

// List lists the objects of an account as Cloudflare holds them now.
func (k *Kind[R]) List(ctx context.Context, c *Client, scope string) ([]R, error) {
	out, err := k.list(ctx, c, scope)
	return out, c.explain(k.listing(scope), err)
}

// Listed lists the objects of an account, in no order, sharing one listing with the Reads and
// Listed calls close to it (see readCache): for a look at an account that must stay cheap, such
// as a preview's, or the checks that explain a burst of refused writes (one listing for all).
func (k *Kind[R]) Listed(ctx context.Context, c *Client, scope string) ([]R, error) {
	if k.API.List == nil || k.Scope == Zone {
		return k.List(ctx, c, scope)
	}
	return burstOf(&c.reads, k).listed(ctx, c, scope, k)
}

func (k *Kind[R]) listing(scope string) Operation {
	return Operation{Verb: "listing", Kind: k.Name + "s", Scope: k.Scope, ScopeID: scope}
}

// list is List with the SDK's error as it came, for Create to judge. A Zone kind's
// "listing" is its one object, or none.
func (k *Kind[R]) list(ctx context.Context, c *Client, scope string) ([]R, error) {
	var out []R
	err := c.call(ctx, k.listing(scope), func(ctx context.Context) (err error) {
		if k.Scope == Zone {
			one, err := k.API.Get(ctx, c, scope, scope)
			if IsNotFound(err) {
				out = nil
				return nil
			}
			out = []R{one}
			return err
		}
		out, err = k.API.List(ctx, c, scope)
		return err
	})
	return out, err
}

// Update replaces the whole object, as Cloudflare's PUT does. Sending the same whole object
// again is harmless, so it is retried like a read.
func (k *Kind[R]) Update(ctx context.Context, c *Client, scope string, want R) (R, error) {
	defer c.reads.wrote(scope)
	defer c.creates.changed(k.Name, scope)
	op := k.op("updating", k.Subject(want), scope)
	var got R
	err := c.call(ctx, op, func(ctx context.Context) (err error) {
		got, err = k.API.Update(ctx, c, scope, want)
		return err
	})
	return got, c.explain(op, err, k.secrets(want)...)
}

// Delete deletes the object. A retry after a lost reply may find it gone: callers treat not
// found as deleted.
func (k *Kind[R]) Delete(ctx context.Context, c *Client, scope, id string) error {
	defer c.reads.wrote(scope)
	defer c.creates.forget(k.Name, scope, id)
	op := k.op("deleting", id, scope)
	if k.Scope == Zone {
		op.Subject = ""
	}
	return c.explain(op, c.call(ctx, op, func(ctx context.Context) error {
		return k.API.Delete(ctx, c, scope, id)
	}))
}

// Do runs a call that belongs to no kind's life cycle (an action such as enabling transfers,
// or a look-up before a write), retried like a read and explained like the others.
func (c *Client) Do(ctx context.Context, op Operation, call func(context.Context) error) error {
	return c.explain(op, c.call(ctx, op, call))
}
