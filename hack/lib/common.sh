# shellcheck shell=bash
# Helpers shared by the hack/ scripts; sourced, never run. Bash with `set -euo pipefail`.
#
# Messages go to stderr prefixed with the script's name, so that a script's stdout stays free
# for what callers read from it (hack/install-kube's paths, for example).
# Processes are tracked by pid files in $STATE (the caller's state directory): `down` stops
# exactly what `up` started, never anything found by name.

# The repository's root, whichever script sourced this file.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOG_NAME="${LOG_NAME:-$(basename "$0")}"
SERVER_JAR="$ROOT/apiserver/target/virtualsecrets-apiserver.jar"
CERTS_JAR="$ROOT/certs/target/virtualsecrets-certs.jar"

log() { echo "$LOG_NAME: $*" >&2; }
die() { log "error: $*"; exit 1; }

# A random alphanumeric string of about 4/3 × <bytes> characters, for passwords and tokens.
random() { head -c "$1" /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }

running() { # name: the process recorded in $STATE/<name>.pid is alive
    [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null
}

start() { # name command... : in the background, output to $STATE/<name>.log, pid to $STATE/<name>.pid
    local name="$1"; shift
    "$@" > "$STATE/$name.log" 2>&1 &
    echo $! > "$STATE/$name.pid"
}

stop() { # name [signal]: the process `up` started, by its pid; KILL after 10 s
    local name="$1" signal="${2:-TERM}" pid
    if running "$name"; then
        pid="$(cat "$STATE/$name.pid")"
        kill -s "$signal" "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
        log "stopped $name (pid $pid)"
    fi
    rm -f "$STATE/$name.pid"
}

wait_until() { # seconds description command... : until the command succeeds; logs the description
    local seconds="$1" what="$2"; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.3
    done
    log "$what"
}

healthy() { # url [curl arguments...]: answers 2xx
    local url="$1"; shift
    curl -fsS -o /dev/null "$@" "$url"
}

# The project's own certificate tool (certs/), quiet; needs JAVA_HOME (hack/lib/jdk.sh).
certs() { "$JAVA_HOME/bin/java" -jar "$CERTS_JAR" "$@" >/dev/null; }

build_if_missing() { # the server and the certs tool, unless both jars are there
    if [[ ! -f "$SERVER_JAR" || ! -f "$CERTS_JAR" ]]; then
        log "building the server and the certs tool (./mvnw package)"
        (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
    fi
}
