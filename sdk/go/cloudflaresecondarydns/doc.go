// Manage Cloudflare Secondary DNS: TSIG keys, peers, ACLs and the incoming and outgoing zone transfers between Cloudflare and your own nameservers.
package cloudflaresecondarydns
