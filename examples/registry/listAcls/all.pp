# Listing the account's ACLs

# Every ACL of the account, with its range.
acls = invoke("cloudflare-secondary-dns:index:listAcls", {})

output account {
  value = acls
}
