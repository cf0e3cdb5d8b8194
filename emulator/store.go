package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"sync"
)

// record is what a collection holds: a value with an ID that copies deeply.
type record[T any] interface {
	recordID() string
	withID(id string) T
	clone() T
}

// collection holds one kind of record by scope, each scope's in creation order: the scope is the
// account for account-level kinds, and "" for zones, whose IDs are global. Callers hold no
// references into it: every value goes in and out by copy.
type collection[T record[T]] struct {
	mu    sync.RWMutex
	items map[string][]T
}

// list returns the account's records; never nil, since an empty list is [] in JSON, as
// Cloudflare sends it, and clients that check the envelope refuse a null result.
func (c *collection[T]) list(acct string) []T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]T, 0, len(c.items[acct]))
	for _, v := range c.items[acct] {
		out = append(out, v.clone())
	}
	return out
}

func (c *collection[T]) get(acct, id string) (T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if i := c.index(acct, id); i >= 0 {
		return c.items[acct][i].clone(), true
	}
	var zero T
	return zero, false
}

// put inserts v, with a new ID when it has none, or replaces the record with its ID.
func (c *collection[T]) put(acct string, v T) T {
	if v.recordID() == "" {
		v = v.withID(newID())
	}
	v = v.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if i := c.index(acct, v.recordID()); i >= 0 {
		c.items[acct][i] = v
	} else {
		if c.items == nil {
			c.items = map[string][]T{}
		}
		c.items[acct] = append(c.items[acct], v)
	}
	return v.clone()
}

// add inserts v, with a new ID when it has none, unless a record of the scope clashes with it;
// it reports whether it did.
func (c *collection[T]) add(scope string, v T, clash func(T) bool) (T, bool) {
	if v.recordID() == "" {
		v = v.withID(newID())
	}
	v = v.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.ContainsFunc(c.items[scope], clash) {
		var zero T
		return zero, false
	}
	if c.items == nil {
		c.items = map[string][]T{}
	}
	c.items[scope] = append(c.items[scope], v)
	return v.clone(), true
}

// replace replaces an existing record only; it reports false when there is none with v's ID.
func (c *collection[T]) replace(acct string, v T) bool {
	v = v.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.index(acct, v.recordID())
	if i >= 0 {
		c.items[acct][i] = v
	}
	return i >= 0
}

// errNotFound is update's error when there is no record with the ID.
var errNotFound = errors.New("no such record")

// update applies change to a copy of the record with id and stores the copy unless change
// fails, all under the lock, so that what change checks still holds when it is stored. It
// returns the record as stored.
func (c *collection[T]) update(scope, id string, change func(*T) error) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	i := c.index(scope, id)
	if i < 0 {
		return zero, errNotFound
	}
	v := c.items[scope][i].clone()
	if err := change(&v); err != nil {
		return zero, err
	}
	v = v.withID(id)
	c.items[scope][i] = v.clone()
	return v, nil
}

func (c *collection[T]) delete(acct, id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.index(acct, id)
	if i >= 0 {
		c.items[acct] = slices.Delete(c.items[acct], i, i+1)
	}
	return i >= 0
}

// index is the position of the record with id in the account, or -1; the caller holds mu.
func (c *collection[T]) index(acct, id string) int {
	return slices.IndexFunc(c.items[acct], func(v T) bool { return v.recordID() == id })
}

// all copies every account's records, for saving.
func (c *collection[T]) all() map[string][]T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[string][]T, len(c.items))
	for acct, items := range c.items {
		for _, v := range items {
			out[acct] = append(out[acct], v.clone())
		}
	}
	return out
}

// load sets an account's records, for loading.
func (c *collection[T]) load(acct string, items []T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = map[string][]T{}
	}
	c.items[acct] = make([]T, 0, len(items))
	for _, v := range items {
		c.items[acct] = append(c.items[acct], v.clone())
	}
}

// store is the in-memory state of every account: one collection per kind of record.
type store struct {
	tsigs collection[TSIG]
	peers collection[Peer]
	acls  collection[ACL]
	zones collection[zoneState]
}

// newID returns an identifier in the API's format: 32 lowercase hex characters.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return hex.EncodeToString(b[:])
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
