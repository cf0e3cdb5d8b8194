package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
)

// reconcileTimeout bounds the check for a create whose caller has gone (Ctrl-C): long enough
// for a list or two, short enough that cancelling stays prompt.
const reconcileTimeout = 20 * time.Second

// createSpec describes one create for createOnce.
type createSpec[T any] struct {
	op      operation
	secrets []string // redacted from every error
	// fresh is true when the request carries a value no object made before it can hold (a
	// secret generated for this create): any match found afterwards is this create's own, so
	// no listing is needed beforehand.
	fresh   bool
	post    func(context.Context) (T, error)   // one POST, never retried by the SDK
	list    func(context.Context) ([]T, error) // the account's objects as Cloudflare holds them now
	id      func(T) string
	matches func(T) bool // whether an object is what this create asked for
}

// createOnce creates an object exactly once, however the network fails.
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
// A POST is sent again without listing only when it certainly did nothing: a 429, or a
// connection that failed before the request was written.
func createOnce[T any](ctx context.Context, c *Client, s createSpec[T]) (T, error) {
	var zero T
	existing := map[string]bool{}
	if !s.fresh {
		before, err := s.list(ctx)
		if err != nil {
			return zero, c.explain(s.op, err, s.secrets...)
		}
		for _, obj := range before {
			if s.matches(obj) {
				existing[s.id(obj)] = true
			}
		}
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		var created T
		sent, err := send(ctx, func(ctx context.Context) (err error) {
			created, err = s.post(ctx)
			return err
		})
		if err == nil {
			return created, nil
		}
		j := judge(err, sent)
		if j.applied == maybeApplied {
			found, lerr := reconcile(ctx, s, existing)
			switch {
			case lerr != nil:
				return zero, c.uncertain(s.op, err, lerr, s.secrets)
			case len(found) == 1:
				p.GetLogger(ctx).Infof("%s: the reply was lost, but Cloudflare holds the new object %s: adopted it", s.op, s.id(found[0]))
				return found[0], nil
			case len(found) > 1:
				ids := make([]string, len(found))
				for i, obj := range found {
					ids[i] = s.id(obj)
				}
				return zero, c.ambiguous(s.op, err, ids, s.secrets)
			}
			// Nothing was created: a new attempt is as safe as the first.
		}
		if !j.retry {
			return zero, c.explain(s.op, err, s.secrets...)
		}
		if stop := c.pause(ctx, s.op, attempt, &waited, j); stop != "" {
			return zero, c.explain(s.op, &gaveUp{reason: stop, cause: err}, s.secrets...)
		}
	}
}

// reconcile lists the account and returns the matching objects that did not exist before the
// create. When the caller has gone, it still looks, with a short context of its own, so that
// an object that was made is returned and tracked rather than lost.
func reconcile[T any](ctx context.Context, s createSpec[T], existing map[string]bool) ([]T, error) {
	all, err := listEvenIfCancelled(ctx, s.list)
	if err != nil {
		return nil, err
	}
	var found []T
	for _, obj := range all {
		if s.matches(obj) && !existing[s.id(obj)] {
			found = append(found, obj)
		}
	}
	return found, nil
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
func (c *Client) uncertain(op operation, cause, listErr error, secrets []string) error {
	out := c.explainAPI(op, cause, secrets)
	out.Details = append(out.Details, redact("and listing the account to find out whether it was created failed: "+
		c.explainAPI(operation{"listing", op.kind + "s", "", op.account}, listErr, secrets).Error(), secrets))
	out.Hint = fmt.Sprintf("Cloudflare may hold the new %s even so: look for it with the list%ss function and "+
		"import it, or delete it, before running again.", op.kind, op.kind)
	return out
}

// ambiguous is the error for a create after which more than one new matching object exists.
func (c *Client) ambiguous(op operation, cause error, ids []string, secrets []string) error {
	out := c.explainAPI(op, cause, secrets)
	slices.Sort(ids)
	out.Details = append(out.Details, fmt.Sprintf("the reply was lost, and Cloudflare now holds %d new %ss that match (%s): "+
		"another create of the same %s is running at the same time, so which one is this create's cannot be told",
		len(ids), op.kind, strings.Join(ids, ", "), op.kind))
	out.Hint = fmt.Sprintf("None was adopted. Keep one with `pulumi import cloudflare-secondary-dns:index:%s <name> %s/<id>` "+
		"and delete the others.", op.kind, op.account)
	return out
}
