package kinds

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/zones"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// ZoneRead is the permission reading zones needs, whatever the scope.
const ZoneRead = "Zone Read"

// Zone is a zone as Cloudflare holds it, as far as zone transfers care.
type Zone struct {
	ID, Name, Type, AccountID string
	NameServers               []string
}

// ReadZone reads one zone, to check its type and account before a transfer configuration is
// written.
func ReadZone(ctx context.Context, client *cfapi.Client, zoneID string) (Zone, error) {
	var out Zone
	op := cfapi.Operation{Verb: "reading", Kind: "Zone", Scope: cfapi.Zone, ScopeID: zoneID, Permission: ZoneRead}
	err := client.Do(ctx, op, func(ctx context.Context) (err error) {
		out, err = zoneFromAPI(client.Zones.Get(ctx, zones.ZoneGetParams{ZoneID: cloudflare.F(zoneID)}))
		return err
	})
	return out, err
}

// FindZones lists the zones of that name, in one account or in every account the token sees.
func FindZones(ctx context.Context, client *cfapi.Client, name, accountID string) ([]Zone, error) {
	params := zones.ZoneListParams{Name: cloudflare.F(strings.TrimSuffix(name, "."))}
	op := cfapi.Operation{Verb: "listing", Kind: "Zones named " + name, Scope: cfapi.Account, ScopeID: accountID, Permission: ZoneRead}
	if accountID != "" {
		params.Account = cloudflare.F(zones.ZoneListParamsAccount{ID: cloudflare.F(accountID)})
	} else {
		op.ScopeID = "(every account the credentials may use)"
	}
	return listZonePages(ctx, client, op, params)
}

// listZonePages lists the zones params select, every page. A page shorter than the page size
// is the last: the SDK's auto-paging would ask for one more, empty page every time.
func listZonePages(ctx context.Context, client *cfapi.Client, op cfapi.Operation, params zones.ZoneListParams) ([]Zone, error) {
	var out []Zone
	err := client.Do(ctx, op, func(ctx context.Context) error {
		out = nil // a retry starts the listing again
		for n := 1; ; n++ {
			params.Page = cloudflare.F(float64(n))
			page, err := client.Zones.List(ctx, params)
			if err != nil {
				return err
			}
			for i := range page.Result {
				rec, err := zoneFromAPI(&page.Result[i], nil)
				if err != nil {
					return err
				}
				out = append(out, rec)
			}
			if len(page.Result) == 0 || int64(len(page.Result)) < page.ResultInfo.PerPage {
				return nil
			}
		}
	})
	return out, err
}

func zoneFromAPI(z *zones.Zone, err error) (Zone, error) {
	if err != nil {
		return Zone{}, err
	}
	// Only the fields used here are checked: a zone carries many more, some of which the SDK
	// types more narrowly than Cloudflare fills them (activated_on as a time).
	for field, v := range map[string]string{"id": z.ID, "name": z.Name, "type": string(z.Type), "account.id": z.Account.ID} {
		if v == "" {
			return Zone{}, cfapi.BadReply(fmt.Sprintf("holds a zone with no %q", field))
		}
	}
	return Zone{ID: z.ID, Name: z.Name, Type: string(z.Type), AccountID: z.Account.ID, NameServers: z.NameServers}, nil
}
