package cfapi

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
)

// reconcileTimeout bounds the check for a create whose caller has gone (Ctrl-C): long enough
// for a list or two, short enough that cancelling stays prompt.
const reconcileTimeout = 20 * time.Second

// Create creates want exactly once, however the network fails.
//
// Cloudflare offers no idempotency key, so a POST is never sent again blindly. Before it, the
// matching objects that already exist are listed (their IDs are never adopted). After a
// failure that Cloudflare may have acted on (no reply, a 5xx, a reply cut short, a timeout or
// a cancellation once the request left), the account is listed again:
//   - exactly one new match is the object this create made, and is returned;
//   - more than one means someone else is creating the same thing: none is adopted, and the
//     error names them;
//   - none means nothing was created, so the POST may be sent again.
//
// fresh says want carries a value no object made before it can hold (a secret generated for
// this create): any match found afterwards is this create's own, so nothing is listed before.
func (k *AccountKind[R]) Create(ctx context.Context, c *Client, account string, want R, fresh bool) (R, error) {
	defer c.reads.wrote(account)
	var zero R
	op := k.op("creating", k.Subject(want), Account, account)
	secrets := k.secrets(want)
	existing := map[string]bool{}
	if !fresh {
		before, err := beforeCreate(ctx, c, k, account)
		if err != nil {
			return zero, c.explain(op, err, secrets...)
		}
		var same []string
		for _, obj := range before {
			if k.Matches(obj, want) {
				existing[k.ID(obj)] = true
				same = append(same, k.Subject(obj))
			}
		}
		if len(same) > 0 {
			slices.Sort(same)
			p.GetLogger(ctx).Warningf("%s: the account already holds %s %s, the same as this create sends: most likely made by an interrupted update "+
				"whose state lost it. This create makes another; see %s to adopt the earlier one instead", op, k.Name, strings.Join(same, ", "), RecoveryGuide)
		}
	}
	post := func(ctx context.Context) (R, error) { return k.API.Create(ctx, c, account, want) }
	settle := func(ctx context.Context, j judgement, _ bool, cause error) (R, bool, error) {
		if j.applied != maybeApplied {
			return zero, false, nil
		}
		found, err := k.reconcile(ctx, c, account, want, existing)
		switch {
		case err != nil:
			return zero, false, c.uncertain(op, k.listing(account), cause, err, secrets)
		case len(found) == 1:
			p.GetLogger(ctx).Infof("%s: the reply was lost, but Cloudflare holds the new object %s: adopted it", op, k.ID(found[0]))
			return found[0], true, nil
		case len(found) > 1:
			ids := make([]string, len(found))
			for i, obj := range found {
				ids[i] = k.ID(obj)
			}
			return zero, false, c.ambiguous(op, cause, ids, secrets)
		}
		return zero, false, nil // nothing was created: a new attempt is as safe as the first
	}
	return createOnce(ctx, c, op, secrets, k.ID, post, settle)
}

// Create creates the zone's object of the kind. Cloudflare holds at most one per zone and
// refuses a second POST, so the POST is its own exactly-once check and nothing is read before
// it: a create is its write. The zone's object is read only after a reply was lost:
//   - one that matches what this create sent is this create's (or the same as it), and is
//     adopted;
//   - any other is someone else's: it is neither overwritten nor adopted, and the error says
//     how to take it over;
//   - none means nothing was created, so the POST may be sent again.
//
// A refusal is returned as it came: Taken tells whether it was for a configuration already there.
func (k *ZoneKind[R]) Create(ctx context.Context, c *Client, zone string, want R) (R, error) {
	defer c.reads.wrote(zone)
	var zero R
	op := k.op("creating", k.Subject(want), Zone, zone)
	secrets := k.secrets(want)
	zoneID := func(R) string { return zone }
	post := func(ctx context.Context) (R, error) { return k.API.Create(ctx, c, zone, want) }
	settle := func(ctx context.Context, j judgement, lost bool, cause error) (R, bool, error) {
		// Look after each attempt that may have been carried out, and before giving up after
		// one: a refusal may be of this create's own POST, carried out after all.
		if j.applied != maybeApplied && (!lost || j.retry) {
			return zero, false, nil
		}
		held, found, err := k.heldEvenIfCancelled(ctx, c, zone)
		switch {
		case err != nil:
			return zero, false, c.uncertain(op, k.op("reading", "", Zone, zone), cause, err, secrets)
		case found && k.Matches(held, want) && !c.creates.claimed(zone):
			p.GetLogger(ctx).Infof("%s: the reply was lost, but Cloudflare holds the configuration this create sent: adopted it", op)
			return held, true, nil
		case found:
			return zero, false, c.explain(op, &existsError{kind: k.Name, zone: zone}, secrets...)
		}
		return zero, false, nil // nothing is there: a new attempt is as safe as the first
	}
	return createOnce(ctx, c, op, secrets, zoneID, post, settle)
}

// settler looks, after a failed POST, for what Cloudflare made of it: the object this create
// made (adopted true), an error that ends the create, or neither, when a new attempt is as safe
// as the first. lost says whether any attempt so far may have been carried out.
type settler[R any] func(ctx context.Context, j judgement, lost bool, cause error) (got R, adopted bool, err error)

// createOnce is the attempt loop of every create: POST, judge a failure, let the kind settle
// what a lost reply may have made, and retry only what certainly made nothing. A POST is sent
// again without looking only when it certainly did nothing: a 429, or a connection that failed
// before the request was written.
func createOnce[R any](ctx context.Context, c *Client, op Operation, secrets []string, id func(R) string,
	post func(context.Context) (R, error), settle settler[R],
) (R, error) {
	var zero R
	lost := false
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		var created R
		sent, err := send(ctx, func(ctx context.Context) (err error) {
			created, err = post(ctx)
			return err
		})
		if err == nil {
			c.creates.claim(id(created))
			return created, nil
		}
		j := judge(err, sent)
		lost = lost || j.applied == maybeApplied
		got, adopted, serr := settle(ctx, j, lost, err)
		if serr != nil {
			return zero, serr
		}
		if adopted {
			c.creates.claim(id(got))
			return got, nil
		}
		if !j.retry {
			return zero, c.explain(op, err, secrets...)
		}
		if stop := c.pause(ctx, op, attempt, &waited, j); stop != "" {
			return zero, c.explain(op, &gaveUp{reason: stop, cause: err}, secrets...)
		}
	}
}

// Taken explains a refused create when the zone already holds an object of the kind: the error
// says how to take it over, and same tells whether that object is the one want declares. Any
// other refusal is returned as it came.
func (k *ZoneKind[R]) Taken(ctx context.Context, c *Client, zone string, want R, refusal error) (same bool, err error) {
	held, found, err := k.held(ctx, c, zone)
	if err != nil || !found {
		return false, refusal
	}
	return k.Matches(held, want), c.explain(k.op("creating", "", Zone, zone), &existsError{kind: k.Name, zone: zone})
}

// heldEvenIfCancelled reads the zone's object even when the caller has gone (see
// listEvenIfCancelled).
func (k *ZoneKind[R]) heldEvenIfCancelled(ctx context.Context, c *Client, zone string) (R, bool, error) {
	var found bool
	got, err := listEvenIfCancelled(ctx, func(ctx context.Context) ([]R, error) {
		held, ok, err := k.held(ctx, c, zone)
		found = ok
		return []R{held}, err
	})
	if err != nil || !found {
		var zero R
		return zero, false, err
	}
	return got[0], true, nil
}

// reconcile lists the account and returns the matching objects that did not exist before the
// create and that no other create of this provider made. When the caller has gone, it still
// looks, with a short context of its own, so that an object that was made is returned and
// tracked rather than lost.
func (k *AccountKind[R]) reconcile(ctx context.Context, c *Client, account string, want R, existing map[string]bool) ([]R, error) {
	all, err := listEvenIfCancelled(ctx, func(ctx context.Context) ([]R, error) { return k.list(ctx, c, account) })
	if err != nil {
		return nil, err
	}
	var found []R
	for _, obj := range all {
		if id := k.ID(obj); k.Matches(obj, want) && !existing[id] && !c.creates.claimed(id) {
			found = append(found, obj)
		}
	}
	return found, nil
}

// createCache is what the creates of one provider share: the listing taken before a burst of
// creates of one kind in one account, and the IDs those creates made.
//
// Under the engine's parallelism, many creates of one kind start together; one listing taken
// before their POSTs tells each of them what existed before it, as its own listing would.
// What they create meanwhile is claimed as they learn of it, so no create adopts another's
// object; a create that sees another's object before it is claimed finds two matches and
// adopts neither.
type createCache struct {
	mu       sync.Mutex
	listings map[string]any // by kind name and scope: *listing[R]
	made     map[string]bool
}

func (cc *createCache) claim(id string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.made == nil {
		cc.made = map[string]bool{}
	}
	cc.made[id] = true
}

// forget is told of a delete: the object's ID may come back (a zone kind's ID is its zone's),
// and the listings taken before creates in its scope no longer say what exists.
func (cc *createCache) forget(kind, scope, id string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.made, id)
	delete(cc.listings, kind+"/"+scope)
}

// changed is told of an update: the listings taken before creates of that kind in its scope no
// longer say which objects match what.
func (cc *createCache) changed(kind, scope string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.listings, kind+"/"+scope)
}

func (cc *createCache) claimed(id string) bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.made[id]
}

// beforeCreate returns the objects of the scope as they were before this create's POST: a
// listing in flight, one that arrived within BurstLifetime, or a new one.
func beforeCreate[R any](ctx context.Context, c *Client, k *AccountKind[R], scope string) ([]R, error) {
	key := k.Name + "/" + scope
	now := c.clock.Now()
	c.creates.mu.Lock()
	if c.creates.listings == nil {
		c.creates.listings = map[string]any{}
	}
	l, ok := c.creates.listings[key].(*listing[R])
	if !ok || !l.serves(now) {
		l = &listing[R]{done: make(chan struct{})}
		c.creates.listings[key] = l
		c.creates.mu.Unlock()
		items, err := k.list(context.WithoutCancel(ctx), c, scope)
		l.byID = make(map[string]R, len(items))
		for _, item := range items {
			l.byID[k.ID(item)] = item
		}
		c.creates.mu.Lock()
		l.err, l.arrived = err, c.clock.Now()
		c.creates.mu.Unlock()
		close(l.done)
	} else {
		c.creates.mu.Unlock()
	}
	return l.items(ctx)
}

// listEvenIfCancelled lists with ctx, or, once ctx has ended (before or during the listing),
// with a fresh context bounded by reconcileTimeout.
func listEvenIfCancelled[T any](ctx context.Context, list func(context.Context) ([]T, error)) ([]T, error) {
	if ctx.Err() == nil {
		all, err := list(ctx)
		if err == nil || ctx.Err() == nil {
			return all, err
		}
	}
	fresh, cancel := context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
	defer cancel()
	return list(fresh)
}

// uncertain is the error for a create that may have happened when the account could not be
// listed to find out.
func (c *Client) uncertain(op, listing Operation, cause, listErr error, secrets []string) error {
	out := c.explainAPI(op, cause, secrets)
	out.Details = append(out.Details, redact("and listing the "+op.Scope.String()+" to find out whether it was created failed: "+
		c.explainAPI(listing, listErr, secrets).Error(), secrets))
	out.Hint = op.Scope.findCreated(op.Kind)
	return out
}

// ambiguous is the error for a create after which more than one new matching object exists.
func (c *Client) ambiguous(op Operation, cause error, ids []string, secrets []string) error {
	out := c.explainAPI(op, cause, secrets)
	slices.Sort(ids)
	out.Details = append(out.Details, fmt.Sprintf("the reply was lost, and Cloudflare now holds %d new %ss that match (%s): "+
		"another create of the same %s is running at the same time, so which one is this create's cannot be told",
		len(ids), op.Kind, strings.Join(ids, ", "), op.Kind))
	out.Hint = fmt.Sprintf("None was adopted. Keep one with `pulumi import cloudflare-secondary-dns:index:%s <name> %s/<id>` "+
		"and delete the others.", op.Kind, op.ScopeID)
	return out
}

// existsError is a create of a zone's configuration where the zone already has one.
type existsError struct{ kind, zone string }

func (e *existsError) Error() string {
	return fmt.Sprintf("zone %s already has its %s configuration, made outside this stack or before its state was saved", e.zone, e.kind)
}

func (e *existsError) hint() string {
	return fmt.Sprintf("Take it over with `pulumi import cloudflare-secondary-dns:index:%s <name> %s`, or delete it, then run again. "+
		"If an interrupted update made it, see %s.", e.kind, e.zone, RecoveryGuide)
}

// RecoveryGuide is where users learn to resolve what an interrupted update left.
const RecoveryGuide = `the guide "Recovering an interrupted update" (docs/recovering-an-interrupted-update.md)`
