package cfapi

import (
	"context"
	"sync"
	"time"
)

// BurstLifetime is how long a listing serves Reads after it arrived, and how close together
// two Reads must come to count as one burst. A refresh reads every resource within a burst
// this short, and every `pulumi` command starts a new provider, so a refresh never sees a
// listing made before it began.
const BurstLifetime = 2 * time.Second

// readCache coalesces the Reads of a refresh: instead of one GET per resource, one listing per
// account and kind serves every Read of the burst. A lone Read (an import, a function call)
// still makes one GET by ID. Any write in an account drops that account's listings. The zero
// value is ready to use.
type readCache struct {
	mu     sync.Mutex
	bursts map[string]dropper // by kind name; each a *burst[R] of that kind's R
}

type dropper interface{ drop(scope string) }

// burstOf returns the burst of a kind, made on first use.
func burstOf[R any](r *readCache, k *AccountKind[R]) *burst[R] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bursts == nil {
		r.bursts = map[string]dropper{}
	}
	b, ok := r.bursts[k.Name].(*burst[R])
	if !ok {
		b = &burst[R]{}
		r.bursts[k.Name] = b
	}
	return b
}

// wrote drops what is known of scope: a Read that starts after a write sees it.
func (r *readCache) wrote(scope string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.bursts {
		b.drop(scope)
	}
}

// burst is the recent Reads and listings of one kind of object, per account.
type burst[T any] struct {
	mu       sync.Mutex
	lastRead map[string]time.Time
	listings map[string]*listing[T]
}

// listing is one list call: in flight until done is closed.
type listing[T any] struct {
	done    chan struct{}
	arrived time.Time
	byID    map[string]T
	err     error
}

func (b *burst[T]) read(ctx context.Context, c *Client, scope, id string, k *AccountKind[T]) (T, error) {
	l := b.join(ctx, c, scope, k)
	if l == nil {
		return k.fetch(ctx, c, scope, id)
	}
	if err := l.wait(ctx); err != nil {
		var zero T
		return zero, err
	}
	if found, ok := l.byID[id]; ok {
		return found, nil
	}
	// Not listed: it is gone, or was made after the listing. Cloudflare's answer by ID
	// settles it, with its own words if it is gone.
	return k.fetch(ctx, c, scope, id)
}

// join returns the listing that serves a Read starting now, starting one if this Read is
// part of a burst, or nil for a lone Read.
func (b *burst[T]) join(ctx context.Context, c *Client, scope string, k *AccountKind[T]) *listing[T] {
	now := c.clock.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.init()
	previous, seen := b.lastRead[scope]
	b.lastRead[scope] = now
	if l := b.listings[scope]; l != nil && l.serves(now) {
		return l
	}
	if !seen || now.Sub(previous) > BurstLifetime {
		return nil
	}
	return b.start(ctx, c, scope, k)
}

// listed is every object of scope: from the listing that serves now, else from a new one that
// the Reads and listed calls of the next BurstLifetime share.
func (b *burst[T]) listed(ctx context.Context, c *Client, scope string, k *AccountKind[T]) ([]T, error) {
	b.mu.Lock()
	b.init()
	l := b.listings[scope]
	if l == nil || !l.serves(c.clock.Now()) {
		l = b.start(ctx, c, scope, k)
	}
	b.mu.Unlock()
	return l.items(ctx)
}

// init makes the burst's maps on first use. Called with mu held.
func (b *burst[T]) init() {
	if b.lastRead == nil {
		b.lastRead, b.listings = map[string]time.Time{}, map[string]*listing[T]{}
	}
}

// start begins the listing of scope that serves the calls of the burst. It serves more than
// the caller, so it outlives the caller's cancellation. Called with mu held.
func (b *burst[T]) start(ctx context.Context, c *Client, scope string, k *AccountKind[T]) *listing[T] {
	l := &listing[T]{done: make(chan struct{})}
	b.listings[scope] = l
	go b.fetch(context.WithoutCancel(ctx), c, scope, l, k)
	return l
}

// wait waits for the listing to arrive, and returns its error.
func (l *listing[T]) wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.done:
	}
	return l.err
}

// items waits for the listing and returns its objects, in no order.
func (l *listing[T]) items(ctx context.Context) ([]T, error) {
	if err := l.wait(ctx); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(l.byID))
	for _, item := range l.byID {
		out = append(out, item)
	}
	return out, nil
}

func (b *burst[T]) fetch(ctx context.Context, c *Client, scope string, l *listing[T], k *AccountKind[T]) {
	items, err := k.List(ctx, c, scope)
	byID := make(map[string]T, len(items))
	for _, item := range items {
		byID[k.ID(item)] = item
	}
	b.mu.Lock()
	l.byID, l.err, l.arrived = byID, err, c.clock.Now()
	b.mu.Unlock()
	close(l.done)
}

// serves reports whether a Read starting at now may use the listing: a failure is for the
// Reads that waited on it only. Called with mu held.
func (l *listing[T]) serves(now time.Time) bool {
	select {
	case <-l.done:
		return l.err == nil && now.Sub(l.arrived) <= BurstLifetime
	default:
		return true
	}
}

func (b *burst[T]) drop(scope string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.listings, scope)
}
