# Listing the account's peers

# Every peer of the account, with its address, port and key.
peers = invoke("cloudflare-secondary-dns:index:listPeers", {})

output account {
  value = peers
}
