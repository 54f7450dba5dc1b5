# VirtualSecrets' own token (identity.mode caller): it reads no secret. It creates a token per
# human caller from the token role virtualsecrets-users (entity_alias = the user name);
# ServiceAccount callers log in to auth/kubernetes themselves (unauthenticated endpoint).
# It asks every few seconds whether Vault still accepts its token (a 403 for an invalid token looks
# like a policy denial; the server then answers 503 with the real cause and is not ready).
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
path "auth/token/create/virtualsecrets-users" {
  capabilities = ["update"]
}
# Dynamic sources: it revokes leases (a deleted VirtualSecret, an idle one, orphans of a
# previous process) and looks them up; the callers renew their own (policy default).
path "sys/leases/revoke" {
  capabilities = ["update"]
}
path "sys/leases/revoke/*" {
  capabilities = ["update"]
}
path "sys/leases/lookup" {
  capabilities = ["update"]
}
path "sys/leases/lookup/*" {
  capabilities = ["update"]
}
# Its lease records (lease ids, never credentials), so that a restarted server finds orphans.
path "secret/data/virtualsecrets/leases/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
path "secret/metadata/virtualsecrets/leases/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
path "secret/metadata/virtualsecrets/leases" {
  capabilities = ["list"]
}
path "secret/metadata/virtualsecrets/leases/" {
  capabilities = ["list"]
}
# Kubernetes' own controllers (controllers.users: namespace controller, garbage collector, quota)
# list and watch every VirtualSecret's metadata; the server reads it for them: KV metadata only
# (versions, timestamps, labels and annotations in custom_metadata), never secret/data/.
path "secret/metadata/kubernetes/*" {
  capabilities = ["read", "list"]
}
