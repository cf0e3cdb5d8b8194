// Manage Cloudflare Secondary DNS TSIG keys and peers, the pieces of zone transfers between Cloudflare and your own nameservers.
package cloudflaresecondarydns
