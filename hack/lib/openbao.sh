# shellcheck shell=bash
# OpenBao dev servers: the one way the hack/ scripts and the Java tests start `bao server -dev`
# (the tests through hack/openbao-dev). Sourced; needs hack/lib/common.sh.
#
# A dev server keeps everything in memory and listens on 127.0.0.1:<port> (its cluster listener
# takes <port>+1). Its files, in one directory:
#   vault-token          the root token (mode 0600), created when missing, reused otherwise
#   openbao.log          bao's output with the root token and the unseal key redacted
#   openbao-redact.sed   the redaction (mode 0600: it holds the token)
#   openbao.hcl          the declarative audit device, when an audit log is asked for

openbao_binary() { # sets BAO: $BAO or $BAO_BIN when set, else hack/install-openbao's binary
    BAO="${BAO:-${BAO_BIN:-}}"
    [[ -n "$BAO" ]] || BAO="$("$ROOT/hack/install-openbao" | tail -n 1)"
}

openbao_run() { # dir port [audit-log]: replaces the calling (sub)shell with bao, so that its pid
    # is bao's and a TERM reaches bao itself
    local dir="$1" port="$2" audit_log="${3:-}"
    local config=()
    openbao_binary
    mkdir -p "$dir"
    [[ -s "$dir/vault-token" ]] || (umask 077 && random 24 > "$dir/vault-token")
    local token
    token="$(cat "$dir/vault-token")"
    # Dev mode prints the root token and the unseal key: the log gets bao's output with both
    # redacted. The token reaches bao through its environment and sed through a private file,
    # never through arguments (ps shows those to everyone).
    (umask 077 && printf 's/%s/<redacted>/g\ns/^\\(Unseal Key:\\).*/\\1 <redacted>/\n' "$token" \
        > "$dir/openbao-redact.sed")
    # From here on this shell's own messages land in the log too.
    exec > >(sed -u -f "$dir/openbao-redact.sed" > "$dir/openbao.log" 2>&1) 2>&1
    if [[ -n "$audit_log" ]]; then
        # OpenBao 2.7 refuses to enable audit devices through the API; a declarative one in a
        # config file next to dev mode's own settings works.
        cat > "$dir/openbao.hcl" <<HCL
audit "file" "file" {
  options {
    file_path = "$audit_log"
  }
}
HCL
        config=(-config "$dir/openbao.hcl")
    fi
    # -dev-no-store-token: the root token stays out of ~/.vault-token.
    BAO_DEV_ROOT_TOKEN_ID="$token" exec "$BAO" server -dev -dev-listen-address "127.0.0.1:$port" \
        -dev-no-store-token "${config[@]}"
}

openbao_start() { # name dir port [audit-log]: in the background, pid in $STATE/<name>.pid, until healthy
    local name="$1" dir="$2" port="$3" audit_log="${4:-}"
    openbao_binary # once here, not in the background: a failing install stops the caller
    (openbao_run "$dir" "$port" "$audit_log") >/dev/null 2>&1 &
    echo $! > "$STATE/$name.pid"
    wait_until 30 "OpenBao is ready" healthy "http://127.0.0.1:$port/v1/sys/health" \
        || die "OpenBao did not start; see $dir/openbao.log"
}

openbao_policies() { # token-file: writes every hack/openbao/policies/<name>.hcl as policy <name>
    local file
    for file in "$ROOT"/hack/openbao/policies/*.hcl; do
        bao_as "$1" policy write "$(basename "$file" .hcl)" "$file" >/dev/null
    done
}

bao_as() { # token-file bao-arguments... : against $VAULT_PORT; the token goes through the
    # environment, never argv
    local file="$1"
    shift
    VAULT_ADDR="http://127.0.0.1:$VAULT_PORT" VAULT_TOKEN="$(cat "$file")" "$BAO" "$@"
}
