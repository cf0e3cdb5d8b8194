package importer

import (
	"cmp"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"slices"
	"strconv"
	"strings"
)

// Logical names: each object's name in Cloudflare made into an identifier every Pulumi language
// accepts as it stands (TypeScript, Python, Go, C#, Java, YAML): lower-case ASCII letters, digits
// and underscores, after a prefix that says the kind. The prefix keeps names from starting with a
// digit, from being a reserved word in any language (no keyword has an underscore), and objects
// of different kinds from sharing a name.

// identifier is the part of a logical name that comes from the object's own name: letters and
// digits lower-cased, every run of anything else one underscore, none at either end.
func identifier(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	return b.String()
}

// baseName is the logical name an object gets when no other object has the same one.
func baseName(r Resource, cloudflareName string) string {
	prefix := kinds.All[kindIndex(r.Type)].Prefix
	if id := identifier(cloudflareName); id != "" {
		return prefix + "_" + id
	}
	return prefix
}

// assignNames names every resource (r.Name holds the object's Cloudflare name on entry) and
// sorts them into the order the file lists them in: by kind, then by name. Objects whose names
// become the same identifier are told apart by _2, _3, ... in the order of their Cloudflare
// names and then IDs, so the same account always gets the same names; a suffix never takes a
// name another object has without one.
func assignNames(resources []Resource) {
	bases := make([]string, len(resources))
	taken := map[string]bool{}
	for i, r := range resources {
		bases[i] = baseName(r, r.Name)
		taken[bases[i]] = true
	}
	order := make([]int, len(resources))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(bases[a], bases[b]),
			cmp.Compare(resources[a].Name, resources[b].Name),
			cmp.Compare(resources[a].ID, resources[b].ID),
		)
	})
	for n, i := range order {
		name := bases[i]
		if n > 0 && bases[order[n-1]] == name {
			for k := 2; ; k++ {
				if candidate := name + "_" + strconv.Itoa(k); !taken[candidate] {
					name = candidate
					break
				}
			}
			taken[name] = true
		}
		resources[i].Name = name
	}
	slices.SortFunc(resources, func(a, b Resource) int {
		return cmp.Or(cmp.Compare(kindIndex(a.Type), kindIndex(b.Type)), cmp.Compare(a.Name, b.Name))
	})
}

// kindIndex is the place of a resource type in kinds.All, the order import files list them in.
func kindIndex(token string) int {
	return slices.IndexFunc(kinds.All, func(k kinds.Kind) bool { return k.Token() == token })
}
