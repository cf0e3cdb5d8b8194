// Package nameserver is the emulator's DNS side, apart from its HTTP API: it pulls secondary
// zones from their primaries (AXFR, IXFR, TSIG, NOTIFY, auto refresh), serves the zones
// Cloudflare is primary for by AXFR and IXFR and sends them NOTIFY, answers queries for every
// zone it holds, keeps each zone's content, and logs every transfer.
//
// It knows the API only through two small interfaces, in one direction each: it reads the
// zones' transfer configurations, peers, TSIG keys and ACLs through a read-only View, and tells
// a Reporter what it checked and served, for the API to show. The API tells it what changed
// (Pull, Notify, Forget, ChangeRecords, ConfigChanged). It never reaches into the API's store.
// Until it listens, it takes the transfers the API asks for as done at once, and reports them
// the same way.
package nameserver

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// DefaultTimeout is how long the nameserver waits for each DNS answer it asks for (SOA, NOTIFY,
// each message of a transfer) unless Config.Timeout says otherwise.
const DefaultTimeout = 2 * time.Second

// Zone is what the nameserver needs of a zone: its name, whether it is secondary (pulled in) or
// Cloudflare's (served out), and its transfer configurations.
type Zone struct {
	ID, Name, Account string
	Secondary         bool
	Incoming          *Incoming // nil without an incoming configuration
	Outgoing          *Outgoing // nil without an outgoing configuration
}

// Incoming is what the nameserver reads of an incoming configuration.
type Incoming struct {
	Peers       []string // peer IDs, in the order they are tried
	AutoRefresh time.Duration
	// Since is when the SOA was last checked, or the configuration created: the next refresh
	// is due AutoRefresh after it.
	Since time.Time
}

// Outgoing is what the nameserver reads of an outgoing configuration.
type Outgoing struct {
	Peers   []string
	Enabled bool
	Serial  uint32 // the serial the configuration reports
}

// Peer is a peer nameserver as the API stores it.
type Peer struct {
	ID, Name string
	IP       *string
	Port     *float64 // nil: 53
	IXFR     bool
	TSIGID   *string
}

// TSIG is a TSIG key as the API stores it.
type TSIG struct {
	Name, Algo, Secret string
}

// View is the configuration the nameserver reads, read-only; the API implements it over its
// store. Every method returns copies.
type View interface {
	// Zones returns every zone in creation order.
	Zones() []Zone
	Zone(id string) (Zone, bool)
	Peer(account, id string) (Peer, bool)
	TSIG(account, id string) (TSIG, bool)
	// ACLs returns the account's ACL ranges, as stored (CIDR).
	ACLs(account string) []string
}

// Reporter hears what the nameserver did, for the API's configurations to show it.
type Reporter interface {
	// Checked follows each pull of a secondary zone: the primaries' SOA was checked at, and the
	// copy now has serial (changed when the pull brought a new one).
	Checked(zoneID string, at time.Time, serial uint32, changed bool)
	// Served follows each transfer of a zone served to a secondary.
	Served(zoneID string, at time.Time, serial uint32)
}

// Config configures a Server.
type Config struct {
	View     View
	Reporter Reporter
	// Clock is the time of the transfer log and of auto refresh; nil means time.Now.
	Clock func() time.Time
	// Timers fire auto refresh on Clock; nil means real time.
	Timers  Timers
	Timeout time.Duration // per DNS answer awaited; 0 means DefaultTimeout
	Logger  *slog.Logger  // nil discards
}

// Server is the nameserver. Until Listen, it holds zone contents and answers the API's record
// changes, and takes the transfers the API asks for as done at once.
type Server struct {
	view      View
	report    Reporter
	transfers transfers
	clock     func() time.Time
	timeout   time.Duration
	log       *slog.Logger

	contents zoneContents
	xfers    transferLog

	srv       *dnsServer // nil until Listen
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	pulls     pullQueues
	refresh   refresher
	closeOnce sync.Once
}

// New makes a nameserver that does not listen yet.
func New(cfg Config) *Server {
	s := &Server{view: cfg.View, report: cfg.Reporter, clock: cfg.Clock, timeout: cmp.Or(cfg.Timeout, DefaultTimeout), log: cfg.Logger}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.refresh = refresher{timers: cfg.Timers, wake: make(chan struct{}, 1)}
	if s.refresh.timers == nil {
		s.refresh.timers = realTimers{}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.transfers = atOnce{s}
	return s
}

// now is the clock's time as the API shows it: UTC, to the microsecond.
func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// Listen serves DNS on addr over UDP and TCP (with port 0, the same free port for both), which
// makes transfers real, and starts auto refresh.
func (s *Server) Listen(addr string) error {
	srv, err := listenDNS(addr, s.serveDNS)
	if err != nil {
		return err
	}
	s.srv = srv
	s.transfers = overDNS{s}
	s.wg.Go(s.refreshLoop)
	s.log.Info("serving DNS", "addr", srv.addr())
	return nil
}

// listening tells whether Listen serves DNS.
func (s *Server) listening() bool { return s.srv != nil }

// Addr is where the nameserver listens, ip:port over UDP and TCP; "" when it does not.
func (s *Server) Addr() string {
	if !s.listening() {
		return ""
	}
	return s.srv.addr()
}

// Close stops listening and waits for the transfers under way to end (they are cancelled). It
// is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		if s.listening() {
			s.srv.close()
		}
		s.wg.Wait()
	})
}

// serveDNS answers one DNS message.
func (s *Server) serveDNS(r *dnsRequest) {
	q := r.msg
	switch {
	case len(q.Question) != 1:
		s.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeFormatError), nil)
	case q.Opcode == dns.OpcodeNotify:
		s.receiveNotify(r)
	case q.Opcode != dns.OpcodeQuery:
		s.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeNotImplemented), nil)
	case q.Question[0].Qtype == dns.TypeAXFR || q.Question[0].Qtype == dns.TypeIXFR:
		s.serveTransfer(r)
	default:
		s.answer(r)
	}
}

// reply sends one answer, signed with key when there is one (the key the query was verified
// with), and cut to fit a UDP answer: TC set and no records, so the client asks again over TCP.
func (s *Server) reply(r *dnsRequest, m *dns.Msg, key *dnsx.Key) {
	var requestMAC string
	if t := r.msg.IsTsig(); t != nil {
		requestMAC = t.MAC
	}
	out, _, err := key.Pack(m, requestMAC, false)
	if err == nil && !r.tcp && len(out) > udpSize(r.msg) {
		m.Truncated = true
		m.Answer, m.Ns, m.Extra = nil, nil, nil
		out, _, err = key.Pack(m, requestMAC, false)
	}
	if err != nil {
		s.log.Error("DNS answer does not pack", "to", r.from.String(), "error", err)
		return
	}
	_ = r.write(out) // a client gone: nothing to tell it
}

// udpSize is the largest UDP answer the query allows: 512 bytes, or its EDNS size.
func udpSize(q *dns.Msg) int {
	if opt := q.IsEdns0(); opt != nil && opt.UDPSize() > dns.MinMsgSize {
		return int(opt.UDPSize())
	}
	return dns.MinMsgSize
}

// answer answers a query for a zone's records authoritatively: from what a secondary zone
// transferred in, or a full or partial zone's records. A signed query (a secondary's SOA query
// before it transfers) is verified with the key of the peer it came from and answered signed,
// as RFC 8945 5.3 asks: secondaries such as BIND drop an unsigned answer.
func (s *Server) answer(r *dnsRequest) {
	question := r.msg.Question[0]
	z, data, ok := s.zoneFor(question.Name)
	var key *dnsx.Key
	if r.msg.IsTsig() != nil && ok {
		var peerIDs []string
		if z.Secondary && z.Incoming != nil {
			peerIDs = z.Incoming.Peers
		} else if !z.Secondary && z.Outgoing != nil {
			peerIDs = z.Outgoing.Peers
		}
		peers := s.endpoints(z.Account, peerIDs)
		from, _ := s.allowedSource(z.Account, r.from.Addr(), peers)
		if key = keyFor(r.msg, from, peers); !s.checkTSIG(r, key) {
			if !z.Secondary && data != nil {
				// A secondary checking the serial with a key the peers do not have: its
				// transfer fails here, before any AXFR or IXFR.
				signed := signedWith(r)
				s.record(Transfer{ZoneID: z.ID, Zone: z.Name, Time: s.now(), Direction: "out", Trigger: TriggerQuery,
					Kind: dns.TypeToString[question.Qtype], Addr: r.from.String(), Serial: data.serial(), Key: signed,
					Err: fmt.Errorf("a query signed with %s: its TSIG does not verify with the key of the zone's peers", signed)})
			}
			return
		}
	}
	m := new(dns.Msg).SetReply(r.msg)
	switch {
	case !ok:
		m.Rcode = dns.RcodeRefused
	case data == nil: // a secondary zone not transferred yet
		m.Rcode = dns.RcodeServerFailure
	default:
		m.Authoritative = true
		var exists bool
		m.Answer, exists = data.lookup(question.Name, question.Qtype)
		if len(m.Answer) == 0 {
			m.Ns = []dns.RR{data.soa}
			if !exists && !strings.EqualFold(question.Name, dns.Fqdn(z.Name)) {
				m.Rcode = dns.RcodeNameError
			}
		}
	}
	s.reply(r, m, key)
}

// zonesNamed returns the zones of all (the view's, in creation order) named name (a DNS name,
// in any case) that match. Zone names are unique per account only, so several may; each caller
// says which wins.
func zonesNamed(all []Zone, name string, match func(Zone) bool) []Zone {
	var out []Zone
	for _, z := range all {
		if strings.EqualFold(dns.Fqdn(z.Name), dns.Fqdn(name)) && (match == nil || match(z)) {
			out = append(out, z)
		}
	}
	return out
}

// zoneFor finds the zone whose name is name or its closest ancestor: of the zones of that name,
// the first created that has content, else the first created.
func (s *Server) zoneFor(name string) (Zone, *zoneData, bool) {
	all := s.view.Zones() // once per query: the view copies every zone
	for labels := dns.SplitDomainName(name); len(labels) > 0; labels = labels[1:] {
		zones := zonesNamed(all, strings.Join(labels, "."), nil)
		for _, z := range zones {
			if data := s.contentOf(z); data != nil {
				return z, data, true
			}
		}
		if len(zones) > 0 {
			return zones[0], nil, true
		}
	}
	return Zone{}, nil, false
}

// contentOf is the zone's content: for a secondary zone what was transferred (nil before), for
// a full or partial zone its records, with the SOA and NS Cloudflare adds.
func (s *Server) contentOf(z Zone) *zoneData {
	if z.Secondary {
		return s.contents.get(z.ID)
	}
	return s.primaryContent(z)
}
