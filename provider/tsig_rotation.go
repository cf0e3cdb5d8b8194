package provider

import (
	"context"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// rotationGuide is where the warnings send users: the registry page on rotating a key.
const rotationGuide = `the guide "Rotating TSIG keys" (docs/rotating-tsig-keys.md)`

// warnOfSecretChange tells, at preview and at update, that a key's new secret breaks the
// transfers of the peers that use it until their nameservers hold it too, naming them. It only
// reads: the account's peers, from the listing a refresh shares. A failed listing is told, and
// the diff goes on.
func warnOfSecretChange(ctx context.Context, tsigID string, old TsigState) {
	log := p.GetLogger(ctx)
	client, account, err := clientFor(ctx, old.AccountID)
	if err != nil {
		return // the update fails on this too, saying so
	}
	peers, err := kinds.Peers.Listed(ctx, client, account)
	if err != nil {
		log.Warningf("Tsig %s: its secret changes in place, which breaks the zone transfers of the peers that use it "+
			"until their nameservers hold the new secret; the peers could not be listed to name them (%v). See %s.",
			old.Name, err, rotationGuide)
		return
	}
	var users []string
	for _, peer := range peers {
		if peer.UsesKey(tsigID) {
			users = append(users, kinds.Subject(peer.Name, peer.ID))
		}
	}
	if len(users) == 0 {
		return
	}
	slices.Sort(users)
	log.Warningf("Tsig %s: its secret changes in place while %d peer(s) use it: %s. Their zone transfers fail from this "+
		"update until each one's nameserver holds the new secret. To rotate without a failed transfer, declare a new "+
		"Tsig beside this one, accept both on the nameservers (nameserverConfig's acceptedKeys), then move the peers: "+
		"see %s.", old.Name, len(users), strings.Join(users, ", "), rotationGuide)
}

// secretChanges tells whether the program gives a known secret other than the recorded one.
// An unknown secret (at preview) arrives empty and is not judged.
func secretChanges(old TsigState, news TsigArgs) bool {
	return news.Secret != nil && *news.Secret != "" && *news.Secret != old.Secret
}
