package importer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Pending is what the account says of a stack's pending creates (ResolvePending).
type Pending struct {
	Found     []FoundCreate     // made exactly one object, no other create claims
	Nothing   []PendingCreate   // made nothing: safe to clear
	Undecided []UndecidedCreate // a person decides
}

// FoundCreate is a pending create and the ID of the object it made, as the provider's import
// takes it.
type FoundCreate struct{ URN, ID string }

// UndecidedCreate is a pending create whose object cannot be told: several candidates, or a
// reason it could not be looked for.
type UndecidedCreate struct {
	URN        string
	Candidates []kinds.Found
	Reason     string
}

// NeedsDecision tells whether a pending create is left to a person.
func (p Pending) NeedsDecision() bool { return len(p.Undecided) > 0 }

// ResolvePending looks for the object each pending create of the export made, among the
// account's objects of its kind that no resource of the state holds. It only reads.
func ResolvePending(ctx context.Context, account *kinds.Account, export Export) (Pending, error) {
	var out Pending
	listed := map[string][]kinds.Found{} // an account kind's objects, by resource, listed once
	candidates := make([][]kinds.Found, len(export.Pending))
	claims := map[string]int{} // by object ID: how many pending creates it may be of
	for i, pc := range export.Pending {
		found, reason, err := lookFor(ctx, account, export, pc, listed)
		if err != nil {
			return Pending{}, err
		}
		if reason != "" {
			out.Undecided = append(out.Undecided, UndecidedCreate{URN: pc.URN, Reason: reason})
			continue
		}
		candidates[i] = found
		for _, f := range found {
			claims[f.ID]++
		}
		if len(found) == 0 {
			out.Nothing = append(out.Nothing, pc)
		}
	}
	for i, found := range candidates {
		pc := export.Pending[i]
		switch {
		case len(found) == 1 && claims[found[0].ID] == 1:
			out.Found = append(out.Found, FoundCreate{URN: pc.URN, ID: found[0].ID})
		case len(found) == 1:
			out.Undecided = append(out.Undecided, UndecidedCreate{URN: pc.URN, Candidates: found,
				Reason: "another pending create of the same inputs may have made the same object"})
		case len(found) > 1:
			out.Undecided = append(out.Undecided, UndecidedCreate{URN: pc.URN, Candidates: found,
				Reason: fmt.Sprintf("%d objects no resource of the state holds match its inputs", len(found))})
		}
	}
	return out, nil
}

// lookFor returns the objects pc may have made, or why it cannot be told (reason).
func lookFor(ctx context.Context, account *kinds.Account, export Export, pc PendingCreate, listed map[string][]kinds.Found) (found []kinds.Found, reason string, err error) {
	if export.urns[pc.URN] {
		return nil, "the state already holds a resource of this URN, made by a later update: the object this create made, if any, " +
			"is an orphan (find it with --unmanaged); clear this pending create with `pulumi refresh --clear-pending-creates`", nil
	}
	i := kindIndex(pc.Type)
	if i < 0 {
		return nil, fmt.Sprintf("%s is not a resource type this command knows: use the command of the provider's version", pc.Type), nil
	}
	k := kinds.All[i]
	want, err := k.Wanted(pc.Inputs)
	if err != nil {
		return nil, err.Error(), nil
	}
	if want.Account != "" && want.Account != account.ID() {
		return nil, fmt.Sprintf("it created in account %s, not the one read: run again with --account %s", want.Account, want.Account), nil
	}
	var objects []kinds.Found
	if k.Scope == cfapi.Zone {
		objects, err = zoneObject(ctx, account, k, want.Zone)
	} else {
		var ok bool
		if objects, ok = listed[k.Resource]; !ok {
			objects, err = account.Objects(ctx, k)
			listed[k.Resource] = objects
		}
	}
	if err != nil {
		return nil, "", err
	}
	for _, f := range objects {
		if want.Made(f) && !export.holds(f) {
			found = append(found, f)
		}
	}
	return found, "", nil
}

// zoneObject is the zone's object of a zone kind, if it has one; a zone that is gone holds none.
func zoneObject(ctx context.Context, account *kinds.Account, k kinds.Kind, zoneID string) ([]kinds.Found, error) {
	z, err := account.Zone(ctx, zoneID)
	if cfapi.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, ok, err := account.ZoneObject(ctx, k, z)
	if !ok || err != nil {
		return nil, err
	}
	return []kinds.Found{f}, nil
}

// Write writes the pending creates whose object was found to stdout, one `URN ID` line each
// and nothing else, and lists the others on stderr. Objects are shown by kind, name and ID;
// never by a secret.
func (p Pending) Write(stdout, stderr io.Writer) error {
	for _, f := range p.Found {
		if _, err := fmt.Fprintf(stdout, "%s %s\n", f.URN, f.ID); err != nil {
			return err
		}
	}
	if len(p.Found) > 0 {
		fmt.Fprintf(stderr, "%d pending creates made an object (printed as URN ID); see docs/recovering-an-interrupted-update.md\n", len(p.Found))
	}
	if len(p.Nothing) > 0 {
		fmt.Fprintf(stderr, "%d pending creates made nothing (safe to clear):\n", len(p.Nothing))
		for _, pc := range p.Nothing {
			fmt.Fprintf(stderr, "  %s\n", pc.URN)
		}
	}
	if len(p.Undecided) > 0 {
		fmt.Fprintf(stderr, "%d pending creates need a decision (import one candidate by hand, delete the others):\n", len(p.Undecided))
		for _, u := range p.Undecided {
			fmt.Fprintf(stderr, "  %s: %s\n", u.URN, u.Reason)
			for _, c := range sortedByID(u.Candidates) {
				fmt.Fprintf(stderr, "    %s %q %s\n", c.Kind.Resource, c.Name, c.ID)
			}
		}
	}
	return nil
}

func sortedByID(found []kinds.Found) []kinds.Found {
	return slices.SortedFunc(slices.Values(found), func(a, b kinds.Found) int { return strings.Compare(a.ID, b.ID) })
}
