# An ACL for a range of secondaries

# A range of secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
resource secondaries "cloudflare-secondary-dns:index:Acl" {
  name    = "secondaries"
  ipRange = "198.51.100.0/24"
}

output aclId {
  value = secondaries.id
}
