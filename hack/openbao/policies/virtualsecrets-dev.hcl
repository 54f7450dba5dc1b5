# Read and write the VirtualSecrets of namespace demo (group dev), database credentials of its
# roles (demo-*) and certificates for *.demo.svc.
path "secret/data/kubernetes/demo/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
path "secret/metadata/kubernetes/demo/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
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
path "pki/issue/demo" {
  capabilities = ["update"]
}
