package kinds

import "slices"

// A zone's peers are a set: Cloudflare gives their order no meaning.

// SamePeers compares peer lists as sets.
func SamePeers(a, b []string) bool {
	return slices.Equal(sortedPeers(a), sortedPeers(b))
}

// InOrderOf returns got in the order of known when both are the same set, so that a refresh or
// a write does not show Cloudflare's order of the peers as a change; else got as a list.
func InOrderOf(known, got []string) []string {
	if len(known) > 0 && SamePeers(known, got) {
		return slices.Clone(known)
	}
	return PeerList(got)
}

func sortedPeers(peers []string) []string {
	out := slices.Clone(peers)
	slices.Sort(out)
	return out
}

// PeerList is never nil: Cloudflare requires the list, and an empty one is sent as [].
func PeerList(peers []string) []string {
	if peers == nil {
		return []string{}
	}
	return peers
}
