package nameserver

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// dnsServer reads DNS messages on one address over UDP and TCP and hands each to handle with
// its raw bytes. It is not miekg/dns's Server because that one verifies TSIG with one provider
// for the whole server, by key name: the emulator must pick the key by the zone and its peers,
// since two keys of an account may share a name with different secrets.
type dnsServer struct {
	udp    net.PacketConn
	tcp    net.Listener
	handle func(*dnsRequest)

	mu    sync.Mutex
	conns map[net.Conn]struct{} // open TCP connections, closed by close
	wg    sync.WaitGroup
}

// dnsRequest is one message received, and the way to answer it.
type dnsRequest struct {
	raw  []byte
	msg  *dns.Msg
	from netip.AddrPort
	tcp  bool
	// write sends one message on the wire form; over TCP, a transfer writes several.
	write func(raw []byte) error
}

// tcpIdle is how long a TCP connection may wait for its next message (RFC 7766 suggests seconds).
const tcpIdle = 10 * time.Second

// listenDNS binds UDP and TCP on addr; with port 0, on the same free port for both.
func listenDNS(addr string, handle func(*dnsRequest)) (*dnsServer, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("DNS listener on %s: %w", addr, err)
	}
	s := &dnsServer{handle: handle, conns: map[net.Conn]struct{}{}}
	if s.udp, s.tcp, err = dnsx.ListenBoth(host, port); err != nil {
		return nil, fmt.Errorf("DNS listener: %w", err)
	}
	s.wg.Add(2)
	go s.serveUDP()
	go s.serveTCP()
	return s, nil
}

// addr is where the server listens, ip:port, both UDP and TCP.
func (s *dnsServer) addr() string { return s.udp.LocalAddr().String() }

func (s *dnsServer) close() {
	s.udp.Close()
	s.tcp.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *dnsServer) serveUDP() {
	defer s.wg.Done()
	buf := make([]byte, dns.MaxMsgSize)
	for {
		n, from, err := s.udp.ReadFrom(buf)
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil || n < 12 {
			continue
		}
		raw := append([]byte(nil), buf[:n]...)
		src := from.(*net.UDPAddr).AddrPort()
		s.wg.Go(func() {
			s.dispatch(&dnsRequest{raw: raw, from: src, write: func(out []byte) error {
				_, err := s.udp.WriteTo(out, from)
				return err
			}})
		})
	}
}

func (s *dnsServer) serveTCP() {
	defer s.wg.Done()
	for {
		c, err := s.tcp.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Go(func() {
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serveConn(c)
		})
	}
}

// serveConn answers the messages of one TCP connection in turn.
func (s *dnsServer) serveConn(c net.Conn) {
	co := &dns.Conn{Conn: c}
	src := c.RemoteAddr().(*net.TCPAddr).AddrPort()
	for {
		_ = c.SetReadDeadline(time.Now().Add(tcpIdle))
		raw, err := co.ReadMsgHeader(nil)
		if err != nil {
			return
		}
		s.dispatch(&dnsRequest{raw: raw, from: src, tcp: true, write: func(out []byte) error {
			_ = c.SetWriteDeadline(time.Now().Add(tcpIdle))
			_, err := co.Write(out)
			return err
		}})
	}
}

// dispatch unpacks a query and hands it on; a message that does not unpack gets FORMERR when
// its header can be read, and answers are ignored.
func (s *dnsServer) dispatch(r *dnsRequest) {
	r.msg = new(dns.Msg)
	if err := r.msg.Unpack(r.raw); err != nil {
		var hdr dns.Msg
		if hdr.Unpack(r.raw[:12]) == nil && !hdr.Response {
			m := new(dns.Msg)
			m.Id, m.Response, m.Opcode, m.Rcode = hdr.Id, true, hdr.Opcode, dns.RcodeFormatError
			if out, err := m.Pack(); err == nil {
				_ = r.write(out)
			}
		}
		return
	}
	if r.msg.Response {
		return
	}
	s.handle(r)
}
