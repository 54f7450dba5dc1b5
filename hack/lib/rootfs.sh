# shellcheck shell=bash
# Root filesystems for images built here without a registry (hack/image, hack/test-images):
# executables with the shared libraries they link, copied from this Debian host at the paths
# they are found, and turned into an image with `docker import`. Sourced; needs common.sh.

rootfs_libraries() { # rootfs file... : every shared library the files link, copied into rootfs
    local rootfs="$1" elf library
    shift
    for elf in "$@"; do
        while read -r library; do
            [[ -e "$rootfs$library" ]] && continue
            mkdir -p "$rootfs$(dirname "$library")"
            cp -L "$library" "$rootfs$library"
        done < <(ldd "$elf" 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$rootfs" || true)
    done
}

rootfs_users() { # rootfs name:uid... : /etc/passwd and /etc/group with root and these users
    local rootfs="$1" user
    shift
    mkdir -p "$rootfs/etc"
    echo "root:x:0:0:root:/root:/sbin/nologin" > "$rootfs/etc/passwd"
    echo "root:x:0:" > "$rootfs/etc/group"
    for user in "$@"; do
        echo "${user%%:*}:x:${user#*:}:${user#*:}:${user%%:*}:/home/${user%%:*}:/sbin/nologin" >> "$rootfs/etc/passwd"
        echo "${user%%:*}:x:${user#*:}:" >> "$rootfs/etc/group"
        mkdir -p "$rootfs/home/${user%%:*}" && chown "${user#*:}:${user#*:}" "$rootfs/home/${user%%:*}"
    done
}

rootfs_import() { # rootfs tag docker-import-change... : the image, from the directory's content
    local rootfs="$1" tag="$2" change=()
    shift 2
    for c in "$@"; do change+=(--change "$c"); done
    tar --numeric-owner -C "$rootfs" -c . | docker import "${change[@]}" - "$tag" >/dev/null
}
