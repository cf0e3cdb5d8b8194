package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// What IncomingTransfer and OutgoingTransfer share: a zone's configuration, its peers as a
// set, triggers for one-off actions, and the checks that explain, in the user's terms, what
// Cloudflare refused.

// maxZonePeers is how many peers Cloudflare links to one zone at most.
const maxZonePeers = 30

// zoneConfig is a zone's transfer configuration as kinds holds it.
type zoneConfig[R any] interface {
	WithDeclared(declared R) R  // what a program declares taken from declared
	OrderedAs(known []string) R // its peers in the order of known
	PeerIDs() []string
}

// transfer is the life cycle both transfer configurations share: a create that explains
// Cloudflare's refusals, an update that writes only what changed, the action triggers run, and
// for an outgoing configuration the switch Cloudflare keeps apart from it. S is the resource's
// state: the configuration and its triggers.
type transfer[R zoneConfig[R], S any] struct {
	kind   *cfapi.ZoneKind[R]
	rules  transferRules
	action func(ctx context.Context, client *cfapi.Client, zoneID string) error
	toggle *toggle[R] // nil for a configuration without a switch

	state func(R, []string) S
	split func(S) (R, []string)
}

// toggle is a switch of a configuration that Cloudflare reads and writes apart from it.
type toggle[R any] struct {
	on  func(R) bool
	set func(R, bool) R
}

func (t transfer[R, S]) objects() zoneObjects[R] { return zoneObjects[R]{t.kind} }

// create creates the configuration, then turns its switch on when the program asks: a new
// configuration starts switched off. A failed switch keeps the configuration in the state.
func (t transfer[R, S]) create(ctx context.Context, zone string, want R, known, triggers []string, dryRun bool) (infer.CreateResponse[S], error) {
	if dryRun {
		return infer.CreateResponse[S]{Output: t.state(want.OrderedAs(known), triggers)}, nil
	}
	client, created, err := createTransfer(ctx, t.rules, t.kind, zone, want)
	if err != nil {
		return infer.CreateResponse[S]{}, err
	}
	created = created.OrderedAs(known)
	if t.toggle == nil {
		return infer.CreateResponse[S]{ID: zone, Output: t.state(created, triggers)}, nil
	}
	created = t.toggle.set(created, false)
	if t.toggle.on(want) {
		if _, err := kinds.SwitchOutgoing(ctx, client, zone, true); err != nil {
			return partialCreate(zone, t.state(created, triggers), err, "the configuration was created but transfers are not enabled: the next `pulumi up` enables them")
		}
		created = t.toggle.set(created, true)
	}
	return infer.CreateResponse[S]{ID: zone, Output: t.state(created, triggers)}, nil
}

// update writes the configuration only when it changed, sets the switch only when it differs
// from the state, then runs the action when the triggers changed: a change of triggers alone
// writes nothing else. What was done stays in the state when a later step fails, with the old
// triggers, so the next up runs the action again.
func (t transfer[R, S]) update(ctx context.Context, rawID string, old S, declared R, known, triggers []string, dryRun bool) (infer.UpdateResponse[S], error) {
	held, oldTriggers := t.split(old)
	want := held.WithDeclared(declared)
	write := !t.kind.Matches(held, want)
	force := !slices.Equal(oldTriggers, triggers)
	if dryRun {
		return infer.UpdateResponse[S]{Output: t.state(want, triggers)}, nil
	}
	client, id, err := target(ctx, t.objects(), rawID)
	if err != nil {
		return infer.UpdateResponse[S]{}, err
	}
	failed := func(done R, err error) (infer.UpdateResponse[S], error) {
		return infer.UpdateResponse[S]{Output: t.state(done, oldTriggers)}, infer.ResourceInitFailedError{Reasons: []string{err.Error()}}
	}
	next := held.WithDeclared(want)
	if t.toggle != nil {
		next = t.toggle.set(next, t.toggle.on(held))
	}
	if write {
		updated, err := replaceTransfer(ctx, client, t.rules, t.kind, id.scope, want)
		if err != nil {
			return infer.UpdateResponse[S]{}, err
		}
		next = updated.OrderedAs(known)
		if t.toggle != nil {
			next = t.toggle.set(next, t.toggle.on(held))
		}
	}
	// The state holds the switch as Cloudflare last reported it (a refresh reads it back), and
	// setting it is harmless to repeat: it is sent only when it differs, without reading first.
	if t.toggle != nil && t.toggle.on(held) != t.toggle.on(want) {
		got, err := kinds.SwitchOutgoing(ctx, client, id.scope, t.toggle.on(want))
		if err != nil {
			return failed(next, err)
		}
		next = t.toggle.set(next, got)
	}
	if force {
		if err := t.action(ctx, client, id.scope); err != nil {
			return failed(next, err)
		}
	}
	return infer.UpdateResponse[S]{Output: t.state(next, triggers)}, nil
}

// read serves refresh and import (only the zone ID), with the switch as Cloudflare reports it,
// so that a switch flipped in the dashboard shows. found is false when the configuration is gone.
func (t transfer[R, S]) read(ctx context.Context, rawID, zone string, known []string) (got R, found bool, err error) {
	importing := zone == ""
	client, id, err := target(ctx, t.objects(), rawID, zone)
	if err != nil {
		return got, false, importHint(err, importing, t.objects(), rawID)
	}
	got, _, found, err = fetch(ctx, t.objects(), client, id, rawID, importing)
	if err != nil || !found {
		return got, false, err
	}
	got = got.OrderedAs(known)
	if t.toggle != nil {
		on, err := kinds.OutgoingEnabled(ctx, client, id.scope)
		if err != nil {
			return got, false, importHint(err, importing, t.objects(), rawID)
		}
		got = t.toggle.set(got, on)
	}
	return got, true, nil
}

// delete switches transfers off first, so secondaries stop being served, then deletes the
// configuration; either already done counts as done.
func (t transfer[R, S]) delete(ctx context.Context, rawID, zone string) (infer.DeleteResponse, error) {
	client, id, err := target(ctx, t.objects(), rawID, zone)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	if t.toggle != nil {
		if _, err := kinds.SwitchOutgoing(ctx, client, id.scope, false); err != nil && !cfapi.IsNotFound(err) {
			return infer.DeleteResponse{}, err
		}
	}
	return remove(ctx, t.objects(), client, id)
}

// transferDiff compares zone names as DNS does, so Cloudflare's spelling of the name is no
// change, and peers as a set.
var transferDiff = diffRules{same: map[string]func(old, new any) bool{
	"name":  func(old, new any) bool { return tsigrules.SameName(old.(string), new.(string)) },
	"peers": func(old, new any) bool { return kinds.SamePeers(old.([]string), new.([]string)) },
}}

// createTransfer creates the configuration: its POST alone, since Cloudflare checks the zone
// and the peers itself. Only when it refuses are the zone, the peers and then the zone's
// configuration read, to say what was wrong in the user's terms.
func createTransfer[R zoneConfig[R]](ctx context.Context, rules transferRules, k *cfapi.ZoneKind[R], zone string, want R) (*cfapi.Client, R, error) {
	var zero R
	client, _, err := clientFor(ctx, zone)
	if err != nil {
		return nil, zero, err
	}
	created, err := k.Create(ctx, client, zone, want)
	if !cfapi.IsRefusal(err) {
		return client, created, err
	}
	if why, explained := rules.explainRefusal(ctx, client, k.Name, zone, want.PeerIDs(), err); explained {
		return client, zero, why
	}
	same, err := k.Taken(ctx, client, zone, want, err)
	if same {
		p.GetLogger(ctx).Warningf("creating %s in zone %s: the zone already holds the configuration this create declares: most likely made by an interrupted update "+
			"whose state lost it; import it as the error says, see %s", k.Name, zone, cfapi.RecoveryGuide)
	}
	return client, zero, err
}

// replaceTransfer replaces the whole configuration with one PUT, explained as createTransfer
// explains a refusal.
func replaceTransfer[R zoneConfig[R]](ctx context.Context, client *cfapi.Client, rules transferRules, k *cfapi.ZoneKind[R], zone string, want R) (R, error) {
	updated, err := k.Update(ctx, client, zone, want)
	if why, explained := rules.explainRefusal(ctx, client, k.Name, zone, want.PeerIDs(), err); explained {
		return updated, why
	}
	return updated, err
}

// explainRefusal turns Cloudflare's refusal of a write into the error checkTarget finds, which
// names the zone, the peer and the rule; explained is false for any other error, or a refusal
// those checks do not explain.
func (r transferRules) explainRefusal(ctx context.Context, client *cfapi.Client, kind, zone string, peers []string, err error) (why error, explained bool) {
	if !cfapi.IsRefusal(err) {
		return err, false
	}
	if why := r.checkTarget(ctx, client, kind, zone, peers); why != nil {
		return explainedBy(why, err), true
	}
	return err, false
}

// explainedBy is what the checks found about a refusal, or the refusal itself, in Cloudflare's
// words, when the checks could not read the zone or the peers: a token may write a zone's
// transfers without the permission to read the zone.
func explainedBy(why, refusal error) error {
	var apiErr *cfapi.APIError
	if errors.As(why, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden) {
		return refusal
	}
	return why
}

// checkTransferInputs checks what both transfer configurations share.
func checkTransferInputs(c *kinds.Checker, zoneID, name string) {
	c.Check("zoneId", kinds.ValidateObjectID(zoneID, "zone"))
	c.Check("name", kinds.ValidateDNSName(name))
	checkPeers(c)
}

// checkPeers validates the peers property element by element, so that peer IDs unknown at
// preview (from Peer resources not yet created) are skipped while the known ones are checked.
func checkPeers(c *kinds.Checker) {
	count, known := c.Items("peers")
	if count > maxZonePeers {
		c.Fail("peers", fmt.Sprintf("lists %d peers; Cloudflare links at most %d to a zone: expected %s", count, maxZonePeers, acceptsPeers))
	}
	seen := map[string]int{}
	for i := range count {
		id, ok := known[i]
		if !ok {
			continue
		}
		if err := kinds.ValidateObjectID(id, "peer"); err != nil {
			c.Fail("peers", fmt.Sprintf("item %d: %v", i, err))
			continue
		}
		if first, dup := seen[id]; dup {
			c.Fail("peers", fmt.Sprintf("peer %s is listed twice (items %d and %d): expected %s", id, first, i, acceptsPeers))
			continue
		}
		seen[id] = i
	}
}

// transferRules are what Cloudflare requires of a zone's transfer configuration, checked
// when Cloudflare refuses a write so the error names the zone, the peer and the rule.
type transferRules struct {
	zoneTypes  []string // the zone types that may have the configuration
	why        string   // what the zone types mean, for the error
	sameTSIG   bool     // linked peers must share one TSIG key (Cloudflare as primary)
	zoneNeeded string   // what to do about a zone of the wrong type
}

// checkTarget reads the zone and the peers of its account and finds what Cloudflare refuses:
// a zone of the wrong type, a peer that is not in the zone's account, and (for outgoing)
// peers with different TSIG keys. The peer listing is shared by the checks of a burst.
func (r transferRules) checkTarget(ctx context.Context, client *cfapi.Client, kind, zoneID string, peers []string) error {
	zone, err := kinds.ReadZone(ctx, client, zoneID)
	if err != nil {
		return err
	}
	if !slices.Contains(r.zoneTypes, zone.Type) {
		return fmt.Errorf("%s for zone %s (%s): the zone is of type %q, and Cloudflare accepts this configuration only for a zone of type %s (%s). %s",
			kind, zone.Name, zone.ID, zone.Type, strings.Join(quoted(r.zoneTypes), " or "), r.why, r.zoneNeeded)
	}
	if len(peers) == 0 {
		return nil
	}
	all, err := kinds.Peers.Listed(ctx, client, zone.AccountID)
	if err != nil {
		return err
	}
	byID := make(map[string]kinds.Peer, len(all))
	for _, peer := range all {
		byID[peer.ID] = peer
	}
	for _, id := range peers {
		if _, ok := byID[id]; !ok {
			return fmt.Errorf("%s for zone %s (%s): peers: no peer %s in the zone's account %s; Cloudflare links only peers of the zone's own account. "+
				"Use the id of a Peer resource in account %s, or one listed by the listPeers function", kind, zone.Name, zone.ID, id, zone.AccountID, zone.AccountID)
		}
	}
	if r.sameTSIG {
		first := byID[peers[0]]
		for _, id := range peers[1:] {
			if byID[id].Key() != first.Key() {
				return fmt.Errorf("%s for zone %s (%s): peers: peer %s uses TSIG key %s and peer %s uses %s; when Cloudflare is the primary, "+
					"all peers of a zone must use the same TSIG key, or none. Set the same tsigId on every Peer, or link only peers that share one",
					kind, zone.Name, zone.ID, first.ID, first.Key(), id, byID[id].Key())
			}
		}
	}
	return nil
}

func quoted(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
