package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// BasePath is the prefix of every API path, as in https://api.cloudflare.com/client/v4/.
const BasePath = "/client/v4/"

// operation serves one method of one route for an account and, on item routes, an object ID.
type operation func(e *Emulator, w http.ResponseWriter, r *http.Request, acct, id string)

// route is the operations of one path shape, by method.
type route map[string]operation

var (
	collections = map[string]route{
		"tsigs": {http.MethodGet: (*Emulator).listTSIGs, http.MethodPost: (*Emulator).createTSIG},
		"peers": {http.MethodGet: (*Emulator).listPeers, http.MethodPost: (*Emulator).createPeer},
	}
	items = map[string]route{
		"tsigs": {http.MethodGet: (*Emulator).getTSIG, http.MethodPut: (*Emulator).updateTSIG, http.MethodDelete: (*Emulator).deleteTSIG},
		"peers": {http.MethodGet: (*Emulator).getPeer, http.MethodPut: (*Emulator).updatePeer, http.MethodDelete: (*Emulator).deletePeer},
	}
)

// match finds the route of accounts/{account_id}/secondary_dns/{tsigs|peers}[/{id}].
func match(path string) (rt route, acct, id string, ok bool) {
	rest, ok := strings.CutPrefix(path, BasePath)
	if !ok {
		return nil, "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 4 || len(parts) > 5 || parts[0] != "accounts" || parts[1] == "" || parts[2] != "secondary_dns" {
		return nil, "", "", false
	}
	if len(parts) == 4 {
		rt = collections[parts[3]]
	} else if parts[4] != "" {
		rt, id = items[parts[3]], parts[4]
	}
	return rt, parts[1], id, rt != nil
}

// allow is the Allow header of a route.
func (rt route) allow() string {
	methods := make([]string, 0, len(rt))
	for m := range rt {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	return strings.Join(methods, ", ")
}
