# Every VirtualSecret of every namespace (group system:masters).
path "secret/data/kubernetes/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
path "secret/metadata/kubernetes/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
path "database/creds/*" {
  capabilities = ["read"]
}
path "pki/issue/*" {
  capabilities = ["update"]
}
