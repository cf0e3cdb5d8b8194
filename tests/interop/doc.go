// Package interop runs real nameservers (BIND 9, Knot DNS, NSD, PowerDNS Authoritative) in tests
// with the configuration the provider's nameserverConfig function renders, to prove that what
// users paste works: Start runs a server from a temporary directory on a free loopback port;
// StartPrimary and ListenNotify stand in for Cloudflare (a primary to pull from, and where
// NOTIFY goes); Transfer queries servers, with TSIG signed and verified by emulator/dnsx, the
// same code the emulator uses; tests/dnsprobe asks for a zone's SOA and waits for a serial.
//
// The servers come from the Debian packages listed in packages.txt (InstallCommand); a missing
// one fails the test with the command that installs it.
package interop
