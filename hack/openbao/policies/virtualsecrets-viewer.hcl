# Read the VirtualSecrets of namespace demo (group viewers), database credentials included.
path "secret/data/kubernetes/demo/*" {
  capabilities = ["read"]
}
path "secret/metadata/kubernetes/demo/*" {
  capabilities = ["read", "list"]
}
path "secret/metadata/kubernetes/demo" {
  capabilities = ["list"]
}
path "secret/metadata/kubernetes/demo/" {
  capabilities = ["list"]
}
path "database/creds/demo-*" {
  capabilities = ["read"]
}
