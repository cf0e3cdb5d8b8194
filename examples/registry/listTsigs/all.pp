# Listing the account's TSIG keys

# Every TSIG key of the account; the list is a secret, as it holds the keys' secrets.
keys = invoke("cloudflare-secondary-dns:index:listTsigs", {})

output account {
  value = keys
}
