package dnsx

import (
	"fmt"
	"net"
)

// ListenBoth binds UDP and TCP on the same address of host; with port "0", on the same free
// port for both, trying again when the UDP port the kernel picked is taken for TCP.
func ListenBoth(host, port string) (net.PacketConn, net.Listener, error) {
	addr := net.JoinHostPort(host, port)
	var err error
	for range 20 {
		var pc net.PacketConn
		if pc, err = net.ListenPacket("udp", addr); err != nil {
			return nil, nil, fmt.Errorf("listen on %s over UDP: %w", addr, err)
		}
		var l net.Listener
		if l, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			return pc, l, nil
		}
		pc.Close()
		if port != "0" {
			break
		}
	}
	return nil, nil, fmt.Errorf("listen on %s over TCP: %w", addr, err)
}

// FreePort finds a port of host free for both UDP and TCP, for a server to bind. Another process
// could take it in between; the kernel hands out recently freed ports last.
func FreePort(host string) (int, error) {
	pc, l, err := ListenBoth(host, "0")
	if err != nil {
		return 0, err
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	pc.Close()
	l.Close()
	return port, nil
}
