package cfapi

import (
	"context"
	"fmt"
)

// A kind of Cloudflare object is everything that differs between TSIG keys, peers, ACLs and
// zone transfer configurations. Account objects (AccountKind) have IDs of their own and are
// listed; a zone holds at most one object of a zone kind (ZoneKind), whose ID is the zone's.
// Reading, creating exactly once, updating, deleting, the read cache and error wording are
// written once, over kinds, as their methods. R is the object as the provider holds it.

// Described is what every kind says about its objects.
type Described[R any] struct {
	Name string // as users know it, e.g. "Tsig": errors say "creating Tsig ..."
	// Subject names an object in errors about writing it, e.g. `"ns1" (<id>)`.
	Subject func(R) string
	// Secrets are values of the object that must never appear in an error (a TSIG secret).
	Secrets func(R) []string
	// Matches reports whether have, found in Cloudflare after a create whose reply was lost,
	// is what the create of want made: the fields the create sent are equal.
	Matches func(have, want R) bool
}

// AccountKind is a kind of object that lives in an account's collection. Each SDK call
// converts its reply with CheckDecoded first.
type AccountKind[R any] struct {
	Described[R]
	ID  func(R) string // Cloudflare's ID of the object
	API AccountAPI[R]
}

// AccountAPI is the SDK calls of an account kind.
type AccountAPI[R any] struct {
	Get    func(ctx context.Context, c *Client, account, id string) (R, error)
	List   func(ctx context.Context, c *Client, account string) ([]R, error)
	Create func(ctx context.Context, c *Client, account string, want R) (R, error)
	Update func(ctx context.Context, c *Client, account string, want R) (R, error)
	Delete func(ctx context.Context, c *Client, account, id string) error
}

// ZoneKind is a kind of object a zone holds one of, read and written by the zone's ID.
type ZoneKind[R any] struct {
	Described[R]
	API ZoneAPI[R]
}

// ZoneAPI is the SDK calls of a zone kind.
type ZoneAPI[R any] struct {
	Get    func(ctx context.Context, c *Client, zone string) (R, error)
	Create func(ctx context.Context, c *Client, zone string, want R) (R, error)
	Update func(ctx context.Context, c *Client, zone string, want R) (R, error)
	Delete func(ctx context.Context, c *Client, zone string) error
}

// Validate reports what a kind's description lacks, so that a forgotten piece fails a test
// instead of silently turning a check off.
func (k *AccountKind[R]) Validate() error {
	return k.validate(map[string]bool{
		"ID": k.ID != nil, "API.Get": k.API.Get != nil, "API.List": k.API.List != nil, "API.Create": k.API.Create != nil,
		"API.Update": k.API.Update != nil, "API.Delete": k.API.Delete != nil,
	})
}

// Validate reports what a kind's description lacks.
func (k *ZoneKind[R]) Validate() error {
	return k.validate(map[string]bool{
		"API.Get": k.API.Get != nil, "API.Create": k.API.Create != nil, "API.Update": k.API.Update != nil, "API.Delete": k.API.Delete != nil,
	})
}

func (d *Described[R]) validate(has map[string]bool) error {
	has["Subject"], has["Matches"] = d.Subject != nil, d.Matches != nil
	if d.Name == "" {
		return fmt.Errorf("kind %q has no name", d.Name)
	}
	for _, piece := range []string{"API.Get", "API.Create", "API.Update", "API.Delete", "API.List", "ID", "Subject", "Matches"} {
		if present, asked := has[piece]; asked && !present {
			return fmt.Errorf("kind %q has no %s", d.Name, piece)
		}
	}
	return nil
}

func (d *Described[R]) op(verb, subject string, scope Scope, scopeID string) Operation {
	return Operation{Verb: verb, Kind: d.Name, Subject: subject, Scope: scope, ScopeID: scopeID}
}

func (d *Described[R]) secrets(r R) []string {
	if d.Secrets == nil {
		return nil
	}
	return d.Secrets(r)
}

// Get reads one object: from the listing of a refresh when other Reads come with it, else by
// ID (see readCache).
func (k *AccountKind[R]) Get(ctx context.Context, c *Client, account, id string) (R, error) {
	return burstOf(&c.reads, k).read(ctx, c, account, id, k)
}

// fetch reads one object by ID, never from a cache.
func (k *AccountKind[R]) fetch(ctx context.Context, c *Client, account, id string) (R, error) {
	return read(ctx, c, k.op("reading", id, Account, account), func(ctx context.Context) (R, error) { return k.API.Get(ctx, c, account, id) })
}

// List lists the objects of an account as Cloudflare holds them now.
func (k *AccountKind[R]) List(ctx context.Context, c *Client, account string) ([]R, error) {
	out, err := k.list(ctx, c, account)
	return out, c.explain(k.listing(account), err)
}

// Listed lists the objects of an account, in no order, sharing one listing with the Reads and
// Listed calls close to it (see readCache): for a look at an account that must stay cheap, such
// as a preview's, or the checks that explain a burst of refused writes (one listing for all).
func (k *AccountKind[R]) Listed(ctx context.Context, c *Client, account string) ([]R, error) {
	return burstOf(&c.reads, k).listed(ctx, c, account, k)
}

func (k *AccountKind[R]) listing(account string) Operation {
	return Operation{Verb: "listing", Kind: k.Name + "s", Scope: Account, ScopeID: account}
}

// list is List with the SDK's error as it came, for Create to judge.
func (k *AccountKind[R]) list(ctx context.Context, c *Client, account string) ([]R, error) {
	var out []R
	err := c.call(ctx, k.listing(account), func(ctx context.Context) (err error) {
		out, err = k.API.List(ctx, c, account)
		return err
	})
	return out, err
}

// Update replaces the whole object, as Cloudflare's PUT does.
func (k *AccountKind[R]) Update(ctx context.Context, c *Client, account string, want R) (R, error) {
	return write(ctx, c, &k.Described, k.op("updating", k.Subject(want), Account, account), want, func(ctx context.Context) (R, error) {
		return k.API.Update(ctx, c, account, want)
	})
}

// Delete deletes the object. A retry after a lost reply may find it gone: callers treat not
// found as deleted.
func (k *AccountKind[R]) Delete(ctx context.Context, c *Client, account, id string) error {
	defer c.creates.forget(k.Name, account, id)
	return remove(ctx, c, k.op("deleting", id, Account, account), func(ctx context.Context) error { return k.API.Delete(ctx, c, account, id) })
}

// Get reads the zone's object.
func (k *ZoneKind[R]) Get(ctx context.Context, c *Client, zone string) (R, error) {
	return read(ctx, c, k.op("reading", "", Zone, zone), func(ctx context.Context) (R, error) { return k.API.Get(ctx, c, zone) })
}

// held is the zone's object, if it has one, with the SDK's error as it came, for Create to judge.
func (k *ZoneKind[R]) held(ctx context.Context, c *Client, zone string) (got R, found bool, err error) {
	err = c.call(ctx, k.op("reading", "", Zone, zone), func(ctx context.Context) (err error) {
		got, err = k.API.Get(ctx, c, zone)
		if IsNotFound(err) {
			found = false
			return nil
		}
		found = err == nil
		return err
	})
	return got, found, err
}

// Update replaces the zone's object whole, as Cloudflare's PUT does.
func (k *ZoneKind[R]) Update(ctx context.Context, c *Client, zone string, want R) (R, error) {
	return write(ctx, c, &k.Described, k.op("updating", k.Subject(want), Zone, zone), want, func(ctx context.Context) (R, error) {
		return k.API.Update(ctx, c, zone, want)
	})
}

// Delete deletes the zone's object; callers treat not found as deleted.
func (k *ZoneKind[R]) Delete(ctx context.Context, c *Client, zone string) error {
	defer c.creates.forget(k.Name, zone, zone)
	return remove(ctx, c, k.op("deleting", "", Zone, zone), func(ctx context.Context) error { return k.API.Delete(ctx, c, zone) })
}

// read runs one read, retried and explained.
func read[R any](ctx context.Context, c *Client, op Operation, get func(context.Context) (R, error)) (R, error) {
	var got R
	err := c.call(ctx, op, func(ctx context.Context) (err error) {
		got, err = get(ctx)
		return err
	})
	return got, c.explain(op, err)
}

// write runs an update. Sending the same whole object again is harmless, so it is retried like
// a read; what was cached of the scope no longer holds.
func write[R any](ctx context.Context, c *Client, d *Described[R], op Operation, want R, put func(context.Context) (R, error)) (R, error) {
	defer c.reads.wrote(op.ScopeID)
	defer c.creates.changed(d.Name, op.ScopeID)
	var got R
	err := c.call(ctx, op, func(ctx context.Context) (err error) {
		got, err = put(ctx)
		return err
	})
	return got, c.explain(op, err, d.secrets(want)...)
}

// remove runs a delete.
func remove(ctx context.Context, c *Client, op Operation, del func(context.Context) error) error {
	defer c.reads.wrote(op.ScopeID)
	return c.explain(op, c.call(ctx, op, del))
}

// Do runs a call that belongs to no kind's life cycle (an action such as enabling transfers,
// or a look-up before a write), retried like a read and explained like the others.
func (c *Client) Do(ctx context.Context, op Operation, call func(context.Context) error) error {
	return c.explain(op, c.call(ctx, op, call))
}
