# shellcheck shell=bash
# Finds a JDK 21+ and exports JAVA_HOME; sourced (needs hack/lib/common.sh). The one place that
# knows where JDKs live, so that no script, CI or build message names a particular one.
#
# Order: JAVA_HOME when it is a JDK 21+; else the newest JDK 21+ under /usr/lib/jvm; else the
# `java` on PATH when it belongs to a JDK 21+. A JDK, not a JRE: Maven needs javac.

JDK_MIN_VERSION=21

jdk_version() { # java-home: prints its feature version (21, 25, ...) or nothing
    local home="$1" version=""
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
    # The release file answers without starting a JVM; a JDK without one is asked directly.
    if [[ -f "$home/release" ]]; then
        version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
    fi
    if [[ -z "$version" ]]; then
        version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/.*java\.specification\.version = //p')"
    fi
    version="${version#1.}" # 1.8 → 8
    echo "${version%%[.+-]*}"
}

is_jdk() { # java-home: a JDK of at least JDK_MIN_VERSION
    local version
    version="$(jdk_version "$1")"
    [[ "$version" =~ ^[0-9]+$ ]] && ((version >= JDK_MIN_VERSION))
}

find_jdk() { # exports JAVA_HOME, or fails saying what it looked at
    local candidate best="" best_version=0 version
    if [[ -n "${JAVA_HOME:-}" ]] && is_jdk "$JAVA_HOME"; then
        export JAVA_HOME
        return
    fi
    for candidate in /usr/lib/jvm/*; do
        [[ -d "$candidate" && ! -L "$candidate" ]] || continue # skip aliases like default-java
        is_jdk "$candidate" || continue
        version="$(jdk_version "$candidate")"
        if ((version > best_version)); then best="$candidate" best_version="$version"; fi
    done
    if [[ -z "$best" ]] && command -v java >/dev/null 2>&1; then
        candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
        if is_jdk "$candidate"; then best="$candidate"; fi
    fi
    [[ -n "$best" ]] || die "no JDK $JDK_MIN_VERSION or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/*, java on PATH): install one (e.g. apt-get install openjdk-21-jdk-headless) or export JAVA_HOME"
    if [[ -n "${JAVA_HOME:-}" ]]; then
        log "JAVA_HOME=$JAVA_HOME is not a JDK $JDK_MIN_VERSION+; using $best"
    fi
    export JAVA_HOME="$best"
}
