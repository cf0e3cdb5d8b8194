package kinds

import (
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// What properties accept and mean, written once for every resource and function that has them.

// HexID is the shape of every Cloudflare ID: accounts, zones, TSIG keys, peers and ACLs.
const HexID = "32 lowercase hexadecimal characters"

const (
	// AcceptsObjectName is what the names of peers and ACLs accept.
	AcceptsObjectName = "1-255 printable characters"
	AcceptsAccountID  = "a Cloudflare account ID (" + HexID + ")"
	AcceptsZoneID     = "a Cloudflare zone ID (" + HexID + ")"

	// ZoneArgDescription describes a zone ID given to a function or a resource.
	ZoneArgDescription  = "The zone's ID (" + HexID + "), e.g. from the getZone function or the dashboard's zone overview."
	zoneNameDescription = "The zone's DNS name, e.g. \"example.com.\" (with or without the final dot)."
)

// Subject names an object in errors: its name, and its ID once it has one.
func Subject(name, id string) string {
	if id == "" {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q (%s)", name, id)
}

// DescribeAccount describes the accountId of an object owned by an account; as an input it
// defaults to the provider's and replaces the object when changed.
func DescribeAccount(an infer.Annotator, accountID *string, owned string, input bool) {
	text := "The Cloudflare account that owns the " + owned + " (" + HexID + ")."
	if input {
		text += " Defaults to the provider's accountId. Changing it replaces the " + owned + "."
	}
	an.Describe(accountID, text)
}

// describeTransfer describes what both transfer configurations have: zoneId as Cloudflare
// holds it (an input describes its own), the name and the peers.
func describeTransfer(an infer.Annotator, zoneID, name *string, peers *[]string, peersText string) {
	an.Describe(zoneID, ZoneArgDescription)
	DescribeZoneName(an, name)
	DescribePeers(an, peers, peersText)
}

// DescribeZoneName describes a transfer configuration's name.
func DescribeZoneName(an infer.Annotator, name *string) { an.Describe(name, zoneNameDescription) }

// DescribePeers describes a transfer configuration's peers, with what they are for (text).
func DescribePeers(an infer.Annotator, peers *[]string, text string) {
	an.Describe(peers, text+" A set: the order has no meaning. At most 30, each "+HexID+", from the account of the zone.")
}

// describeObserved describes what Cloudflare reports of both transfer configurations.
func describeObserved(an infer.Annotator, serial *int, checked, created *string) {
	an.Describe(serial, "The serial of the zone's SOA record as Cloudflare last saw it.")
	an.Describe(checked, "When Cloudflare last checked the zone's SOA serial.")
	an.Describe(created, "When the configuration was created.")
}
