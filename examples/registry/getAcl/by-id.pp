# Reading an ACL by ID

# An ACL another stack manages, read by its ID.
config aclId "string" {
}

acl = invoke("cloudflare-secondary-dns:index:getAcl", {
  aclId = aclId
})

output aclRange {
  value = acl.ipRange
}
