# ServiceAccount demo/app (kubernetes auth role demo-app): demo/app-credentials, credentials of the
# database role demo-app and certificates for *.demo.svc.
path "secret/data/kubernetes/demo/app-credentials" {
  capabilities = ["read"]
}
path "secret/metadata/kubernetes/demo/app-credentials" {
  capabilities = ["read"]
}
path "database/creds/demo-app" {
  capabilities = ["read"]
}
path "pki/issue/demo" {
  capabilities = ["update"]
}
