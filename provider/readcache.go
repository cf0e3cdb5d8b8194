package provider

import (
	"context"
	"sync"
	"time"
)

// burstLifetime is how long a listing serves Reads after it arrived, and how close together
// two Reads must come to count as one burst. A refresh reads every resource within a burst
// this short, and every `pulumi` command starts a new provider, so a refresh never sees a
// listing made before it began.
const burstLifetime = 2 * time.Second

// readCache coalesces the Reads of a refresh: instead of one GET per resource, one listing per
// account and kind serves every Read of the burst. A lone Read (an import, a function call)
// still makes one GET by ID. Any write in an account drops that account's listings. The zero
// value is ready to use.
type readCache struct {
	now   func() time.Time // nil means time.Now
	tsigs burst[tsigRecord]
	peers burst[peerRecord]
}

// GetTSIG reads one key: from the burst's listing when other Reads come with it, else by ID.
func (c *Client) GetTSIG(ctx context.Context, account, id string) (tsigRecord, error) {
	return c.reads.tsigs.read(ctx, c.reads.clock, account, id, c.ListTSIGs, c.getTSIG, func(t tsigRecord) string { return t.ID })
}

// GetPeer reads one peer: from the burst's listing when other Reads come with it, else by ID.
func (c *Client) GetPeer(ctx context.Context, account, id string) (peerRecord, error) {
	return c.reads.peers.read(ctx, c.reads.clock, account, id, c.ListPeers, c.getPeer, func(p peerRecord) string { return p.ID })
}

// wrote drops what is known of account: a Read that starts after a write sees it.
func (r *readCache) wrote(account string) {
	r.tsigs.drop(account)
	r.peers.drop(account)
}

func (r *readCache) clock() time.Time {
	if r.now == nil {
		return time.Now()
	}
	return r.now()
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

func (b *burst[T]) read(ctx context.Context, clock func() time.Time, account, id string,
	list func(context.Context, string) ([]T, error), get func(context.Context, string, string) (T, error), idOf func(T) string,
) (T, error) {
	l := b.join(ctx, clock, account, list, idOf)
	if l == nil {
		return get(ctx, account, id)
	}
	select {
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	case <-l.done:
	}
	if l.err != nil {
		var zero T
		return zero, l.err
	}
	if found, ok := l.byID[id]; ok {
		return found, nil
	}
	// Not listed: it is gone, or was made after the listing. Cloudflare's answer by ID
	// settles it, with its own words if it is gone.
	return get(ctx, account, id)
}

// join returns the listing that serves a Read starting now, starting one if this Read is
// part of a burst, or nil for a lone Read.
func (b *burst[T]) join(ctx context.Context, clock func() time.Time, account string, list func(context.Context, string) ([]T, error), idOf func(T) string) *listing[T] {
	now := clock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lastRead == nil {
		b.lastRead, b.listings = map[string]time.Time{}, map[string]*listing[T]{}
	}
	previous, seen := b.lastRead[account]
	b.lastRead[account] = now
	if l := b.listings[account]; l != nil && l.serves(now) {
		return l
	}
	if !seen || now.Sub(previous) > burstLifetime {
		return nil
	}
	l := &listing[T]{done: make(chan struct{})}
	b.listings[account] = l
	// The listing serves every Read of the burst, so it outlives this one's cancellation.
	go b.fetch(context.WithoutCancel(ctx), clock, account, l, list, idOf)
	return l
}

func (b *burst[T]) fetch(ctx context.Context, clock func() time.Time, account string, l *listing[T], list func(context.Context, string) ([]T, error), idOf func(T) string) {
	items, err := list(ctx, account)
	byID := make(map[string]T, len(items))
	for _, item := range items {
		byID[idOf(item)] = item
	}
	b.mu.Lock()
	l.byID, l.err, l.arrived = byID, err, clock()
	b.mu.Unlock()
	close(l.done)
}

// serves reports whether a Read starting at now may use the listing: a failure is for the
// Reads that waited on it only. Called with mu held.
func (l *listing[T]) serves(now time.Time) bool {
	select {
	case <-l.done:
		return l.err == nil && now.Sub(l.arrived) <= burstLifetime
	default:
		return true
	}
}

func (b *burst[T]) drop(account string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.listings, account)
}
