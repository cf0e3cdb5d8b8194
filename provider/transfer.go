package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// What IncomingTransfer and OutgoingTransfer share: a zone's configuration, its peers as a
// set, triggers for one-off actions, and the checks that explain, in the user's terms, what
// Cloudflare refused.

// maxZonePeers is how many peers Cloudflare links to one zone at most.
const maxZonePeers = 30

const (
	acceptsZoneName = "the zone's DNS name, e.g. \"example.com\" or \"example.com.\""
	acceptsPeers    = "a set of at most 30 distinct peer IDs (" + hexID + "), e.g. the id of Peer resources"
	acceptsTriggers = "a list of strings; any change to it runs the action once"
)

// createTransfer creates the configuration: its POST alone, since Cloudflare checks the zone
// and the peers itself. Only when it refuses are the zone, the peers and then the zone's
// configuration read, to say what was wrong in the user's terms.
func createTransfer[R any](ctx context.Context, rules transferRules, k *cfapi.Kind[R], zone string, peers []string, want R) (*cfapi.Client, R, error) {
	var zero R
	client, _, err := clientFor(ctx, zone)
	if err != nil {
		return nil, zero, err
	}
	created, err := k.Create(ctx, client, zone, want, false)
	if !cfapi.IsRefusal(err) {
		return client, created, err
	}
	if why := rules.checkTarget(ctx, client, k.Name, zone, peers); why != nil {
		return client, zero, explainedBy(why, err)
	}
	return client, zero, k.Taken(ctx, client, zone, err)
}

// replaceTransfer replaces the whole configuration with one PUT, explained as createTransfer
// explains a refusal.
func replaceTransfer[R any](ctx context.Context, client *cfapi.Client, rules transferRules, k *cfapi.Kind[R], zone string, peers []string, want R) (R, error) {
	updated, err := k.Update(ctx, client, zone, want)
	return updated, rules.explainRefusal(ctx, client, k.Name, zone, peers, err)
}

// explainRefusal turns Cloudflare's refusal of a write into the error checkTarget finds, which
// names the zone, the peer and the rule; any other error, or a refusal those checks do not
// explain, is returned as it came.
func (r transferRules) explainRefusal(ctx context.Context, client *cfapi.Client, kind, zone string, peers []string, err error) error {
	if !cfapi.IsRefusal(err) {
		return err
	}
	if why := r.checkTarget(ctx, client, kind, zone, peers); why != nil {
		return explainedBy(why, err)
	}
	return err
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

// samePeers compares peer lists as sets: Cloudflare gives the order no meaning.
func samePeers(a, b []string) bool {
	return slices.Equal(sortedPeers(a), sortedPeers(b))
}

// inOrderOf returns got in the order of known when both are the same set, so that a refresh
// or a write does not show Cloudflare's order of the peers as a change; else got as a list.
func inOrderOf(known, got []string) []string {
	if len(known) > 0 && samePeers(known, got) {
		return slices.Clone(known)
	}
	return peerList(got)
}

func sortedPeers(peers []string) []string {
	out := slices.Clone(peers)
	slices.Sort(out)
	return out
}

// peersField compares the peers of the state with the new inputs as sets.
func peersField(old, new []string) fieldDiff {
	if samePeers(old, new) {
		return fieldDiff{name: "peers"}
	}
	return fieldDiff{name: "peers", kind: p.Update}
}

// triggersField reports a change of triggers, which runs an action and writes nothing else.
func triggersField(old, new []string) fieldDiff {
	if slices.Equal(old, new) {
		return fieldDiff{name: "triggers"}
	}
	return fieldDiff{name: "triggers", kind: p.Update}
}

// checkPeers validates the peers property element by element, so that peer IDs unknown at
// preview (from Peer resources not yet created) are skipped while the known ones are checked.
func (c *checker) checkPeers() {
	v, ok := c.inputs.GetOk("peers")
	if !ok || v.IsNull() || !v.IsArray() {
		return
	}
	items := v.AsArray().AsSlice()
	if len(items) > maxZonePeers {
		c.fail("peers", fmt.Sprintf("lists %d peers; Cloudflare links at most %d to a zone: expected %s", len(items), maxZonePeers, acceptsPeers))
	}
	seen := map[string]int{}
	for i, item := range items {
		if item.HasComputed() || !item.IsString() {
			continue
		}
		id := item.AsString()
		if err := validateObjectID(id, "peer"); err != nil {
			c.fail("peers", fmt.Sprintf("item %d: %v", i, err))
			continue
		}
		if first, dup := seen[id]; dup {
			c.fail("peers", fmt.Sprintf("peer %s is listed twice (items %d and %d): expected %s", id, first, i, acceptsPeers))
			continue
		}
		seen[id] = i
	}
}

// fail records a failure for a property.
func (c *checker) fail(property, reason string) {
	c.failures = append(c.failures, p.CheckFailure{Property: property, Reason: property + ": " + reason})
}

// zoneRecord is a zone as Cloudflare holds it, as far as zone transfers care.
type zoneRecord struct {
	ID, Name, Type, AccountID string
	NameServers               []string
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
	zone, err := readZone(ctx, client, zoneID)
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
	all, err := peerKind.Listed(ctx, client, zone.AccountID)
	if err != nil {
		return err
	}
	byID := make(map[string]peerRecord, len(all))
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
			if key(byID[id].TSIGID) != key(first.TSIGID) {
				return fmt.Errorf("%s for zone %s (%s): peers: peer %s uses TSIG key %s and peer %s uses %s; when Cloudflare is the primary, "+
					"all peers of a zone must use the same TSIG key, or none. Set the same tsigId on every Peer, or link only peers that share one",
					kind, zone.Name, zone.ID, first.ID, key(first.TSIGID), id, key(byID[id].TSIGID))
			}
		}
	}
	return nil
}

func key(tsigID *string) string {
	if tsigID == nil || *tsigID == "" {
		return "none"
	}
	return *tsigID
}

func quoted(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// wholeNumber converts a JSON number Cloudflare sent for a count or serial, refusing a fraction
// or a negative value, which the SDK's float64 would carry silently.
func wholeNumber(field string, v float64) (int, error) {
	if v != math.Trunc(v) || v < 0 || v > math.MaxUint32 {
		return 0, cfapi.BadReply(fmt.Sprintf("holds an object whose %q is %v, not a whole number", field, v))
	}
	return int(v), nil
}

// sameFields decodes a reply of one SDK type as another: the SDK has a type per call for one
// object with the same fields (New, Update, Get), and one conversion serves them all.
func sameFields[T any](raw string) (*T, error) {
	var out T
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, cfapi.BadReply("holds a result that is not an object")
	}
	return &out, nil
}

// actionBody is the body of Cloudflare's action endpoints: they require a JSON object with no
// fields. An empty struct, not an empty map: the SDK's encoder of map types shares state between
// concurrent calls (a data race the race detector finds when two actions run at once).
func actionBody() struct{} { return struct{}{} }
