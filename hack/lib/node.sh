# shellcheck shell=bash
# One worker node on this machine for hack/dev-cluster (`up --node`): a private containerd (CRI,
# cgroupfs, its own root, state and socket), a CNI bridge with host-local addresses, a kubelet
# and kube-proxy, and the images built here. Sourced by hack/dev-cluster; needs its variables
# (STATE, PKI, APISERVER_PORT, VAULT_PORT) and hack/lib/common.sh.
#
# Network: pods live on $POD_SUBNET behind the bridge $BRIDGE, whose address ($GATEWAY) is also
# the node's IP. Pods have two routes only: their subnet, and the Service range through the
# gateway; nothing is masqueraded, so a packet from a pod reaches this host and its pods, never
# another machine (the CNI bridge plugin may turn IP forwarding on while the node runs:
# VSEC-GUARD-PODS drops what would leave, and down restores the sysctl). On the host two chains of ours:
#   nat VSEC-HOST (PREROUTING, from the bridge): the kubernetes Service (10.96.0.1:443) and
#     $GATEWAY:8200 are translated to kube-apiserver and OpenBao on 127.0.0.1, which only
#     listen there (route_localnet is set on the bridge alone and goes with it);
#   filter VSEC-GUARD (OUTPUT, FORWARD) drops, and counts, any packet to a Service address that
#     nothing translated, and VSEC-GUARD-PODS (FORWARD) any packet from the bridge leaving by
#     another interface. Without kube-proxy a ClusterIP follows the default route off the
#     machine; these counters prove it never did.
# containerd reaches no registry: every registry host is http://127.0.0.1:$NO_REGISTRY_PORT, where
# nothing listens, so an image that was not imported fails without a DNS query.
# `node_down` undoes all of it: pods deleted through the kubelet (so CNI releases addresses),
# processes stopped by pid, mounts, the bridge, kube-proxy's rules (kube-proxy --cleanup), our
# chains, the kubepods cgroups, and the sysctls the kubelet and the CNI plugin set.

NODE_DIR="$STATE/node"
NODE_NAME="${DEV_CLUSTER_NODE_NAME:-vsec-node}"
BRIDGE="${DEV_CLUSTER_BRIDGE:-vsec0}"
POD_SUBNET="${DEV_CLUSTER_POD_SUBNET:-10.88.0.0/24}"
SERVICE_SUBNET="10.96.0.0/16" # kube-apiserver's --service-cluster-ip-range
KUBERNETES_SERVICE_IP="10.96.0.1"
KUBELET_PORT="${DEV_CLUSTER_KUBELET_PORT:-10250}"
KUBELET_HEALTHZ_PORT="${DEV_CLUSTER_KUBELET_HEALTHZ_PORT:-10248}"
PROXY_HEALTHZ_PORT="${DEV_CLUSTER_PROXY_HEALTHZ_PORT:-10256}"
PROXY_METRICS_PORT="${DEV_CLUSTER_PROXY_METRICS_PORT:-10249}"
GATEWAY="${POD_SUBNET%.*}.1"
PREFIX="${POD_SUBNET#*/}"
POD_VAULT_PORT=8200 # OpenBao as pods see it: http://$GATEWAY:8200
SANDBOX_IMAGE="localhost/pause:3.10"
NO_REGISTRY_PORT=9 # discard: nothing listens on it here; every registry host points at it
CONTAINERD_SOCKET="$NODE_DIR/containerd/containerd.sock"
NODE_SYSCTLS="vm.overcommit_memory kernel.panic kernel.panic_on_oops vm.panic_on_oom net.ipv4.ip_forward"

node_ctr() { ctr --address "$CONTAINERD_SOCKET" --namespace k8s.io "$@"; }

node_prerequisites() { # the Docker engine (with containerd, runc, iptables), CNI plugins, gcc; root
    ((EUID == 0)) || die "a node needs root (containerd, the kubelet, iptables)"
    setup_docker
    setup_node
}

node_client_cert() { # name user groups
    [[ -f "$NODE_DIR/pki/$1.crt" ]] || certs client --ca-dir "$PKI/cluster-ca" --user "$2" --groups "$3" --out "$NODE_DIR/pki/$1"
}

node_kubeconfig() { # name
    cat > "$NODE_DIR/$1.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: dev-cluster
  cluster: {server: "https://127.0.0.1:$APISERVER_PORT", certificate-authority: "$PKI/cluster-ca/ca.crt"}
users:
- name: $1
  user: {client-certificate: "$NODE_DIR/pki/$1.crt", client-key: "$NODE_DIR/pki/$1.key"}
contexts:
- name: $1
  context: {cluster: dev-cluster, user: $1}
current-context: $1
YAML
}

node_configs() {
    mkdir -p "$NODE_DIR"/{pki,containerd/root,containerd/state,containerd/opt,cni/net.d,cni/ipam,kubelet,pod-logs,volume-plugins}
    # Bound to the bootstrap roles system:node (group system:nodes, below) and
    # system:node-proxier (user system:kube-proxy).
    node_client_cert kubelet "system:node:$NODE_NAME" system:nodes
    node_client_cert kube-proxy system:kube-proxy ""
    node_kubeconfig kubelet
    node_kubeconfig kube-proxy
    cat > "$NODE_DIR/containerd/config.toml" <<TOML
version = 2
root = "$NODE_DIR/containerd/root"
state = "$NODE_DIR/containerd/state"
[grpc]
  address = "$CONTAINERD_SOCKET"
[ttrpc]
  address = "$CONTAINERD_SOCKET.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$SANDBOX_IMAGE"
  stream_server_address = "127.0.0.1"
  # Root here lacks CAP_SYS_RESOURCE, so no process may lower its oom_score_adj; runc fails a
  # sandbox asking for -998 ("can't get final child's PID from pipe"). Clamp to containerd's own.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$NODE_DIR/containerd/runc"
  # No registry may be reached from here: every registry host (docker.io, which unqualified names
  # mean, and any other through _default) is this loopback port nobody listens on, so a pod
  # naming an image that was not imported fails at once without a DNS query or a connection
  # off the machine.
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$NODE_DIR/containerd/certs.d"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
    max_conf_num = 1
TOML
    local registry
    for registry in _default docker.io; do
        mkdir -p "$NODE_DIR/containerd/certs.d/$registry"
        cat > "$NODE_DIR/containerd/certs.d/$registry/hosts.toml" <<TOML
server = "http://127.0.0.1:$NO_REGISTRY_PORT"
[host."http://127.0.0.1:$NO_REGISTRY_PORT"]
  capabilities = ["pull", "resolve"]
TOML
    done
    # No default route in pods: their subnet, and the Service range through the gateway.
    cat > "$NODE_DIR/cni/net.d/10-$BRIDGE.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "$BRIDGE",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_SUBNET", "gateway": "$GATEWAY"}]],
        "routes": [{"dst": "$SERVICE_SUBNET", "gw": "$GATEWAY"}],
        "dataDir": "$NODE_DIR/cni/ipam"
      }
    }
  ]
}
JSON
    # The kubelet listens on the bridge address only (it refuses a loopback node IP) and checks
    # kube-apiserver's client certificate (kubelet-client, signed by the cluster CA) and its
    # permissions (SubjectAccessReview).
    cat > "$NODE_DIR/kubelet-config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $GATEWAY
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
containerRuntimeEndpoint: unix://$CONTAINERD_SOCKET
cgroupDriver: cgroupfs
failCgroupV1: false          # this machine has cgroup v1, which 1.35 refuses by default
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$PKI/cluster-ca/ca.crt"}
authorization: {mode: Webhook}
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
podLogsDir: $NODE_DIR/pod-logs
volumePluginDir: $NODE_DIR/volume-plugins
evictionHard: {memory.available: 100Mi, nodefs.available: 5%, imagefs.available: 5%}
makeIPTablesUtilChains: false
maxPods: 30
serializeImagePulls: true
YAML
    # kube-proxy changes no sysctl: no localhost NodePorts (route_localnet), conntrack limits
    # and timeouts left as they are (0), NodePorts on the gateway address only.
    cat > "$NODE_DIR/kube-proxy-config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$NODE_DIR/kube-proxy.kubeconfig"}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_SUBNET
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:$PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$PROXY_METRICS_PORT
nodePortAddresses: ["$GATEWAY/32"]
iptables: {localhostNodePorts: false, masqueradeAll: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
}

node_images() { # the sandbox's pause and the server's image, from the Docker engine into containerd
    local build="$NODE_DIR/build"
    mkdir -p "$build/pause-root"
    if ! docker image inspect "$SANDBOX_IMAGE" >/dev/null 2>&1; then
        gcc -static -O2 -o "$build/pause-root/pause" "$ROOT/hack/node/pause.c"
        tar --numeric-owner -C "$build/pause-root" -c . \
            | docker import --change 'ENTRYPOINT ["/pause"]' - "$SANDBOX_IMAGE" >/dev/null
    fi
    # Built again when the jar is newer than the image (IMAGE_REBUILT: the pods then restart).
    local created
    created="$(docker image inspect -f '{{.Created}}' "$SERVER_IMAGE" 2>/dev/null || true)"
    IMAGE_REBUILT=false
    if [[ -z "$created" ]] || (($(stat -c %Y "$SERVER_JAR") > $(date -d "$created" +%s))); then
        log "building the image $SERVER_IMAGE (hack/image)"
        "$ROOT/hack/image" "$SERVER_IMAGE" >/dev/null
        IMAGE_REBUILT=true
    fi
    docker save "$SANDBOX_IMAGE" "$SERVER_IMAGE" | node_ctr images import - >/dev/null
    log "images in the node's containerd: $SANDBOX_IMAGE, $SERVER_IMAGE"
}

node_alive() { [[ -f "$NODE_DIR/$1.pid" ]] && kill -0 "$(cat "$NODE_DIR/$1.pid")" 2>/dev/null; }

node_start() { # name command... : like start, with files under $NODE_DIR
    local name="$1"; shift
    node_alive "$name" && return
    "$@" > "$NODE_DIR/$name.log" 2>&1 &
    echo $! > "$NODE_DIR/$name.pid"
}

node_stop() { # name
    local pid
    node_alive "$1" || { rm -f "$NODE_DIR/$1.pid"; return 0; }
    pid="$(cat "$NODE_DIR/$1.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$NODE_DIR/$1.pid"
    log "stopped $1 (pid $pid)"
}

node_bridge() { # the bridge and its address before the kubelet starts: they are the node's IP
    ip link show "$BRIDGE" >/dev/null 2>&1 && return
    ip link add "$BRIDGE" type bridge
    ip addr add "$GATEWAY/$PREFIX" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    # Packets from pods translated to 127.0.0.1 (VSEC-HOST) are delivered, on this bridge only.
    sysctl -q -w "net.ipv4.conf.$BRIDGE.route_localnet=1"
}

node_chains() { # VSEC-HOST and VSEC-GUARD, first in their hooks (kube-proxy prepends its own)
    iptables -t nat -N VSEC-HOST 2>/dev/null || iptables -t nat -F VSEC-HOST
    iptables -t nat -A VSEC-HOST -d "$KUBERNETES_SERVICE_IP/32" -p tcp --dport 443 \
        -j DNAT --to-destination "127.0.0.1:$APISERVER_PORT"
    iptables -t nat -A VSEC-HOST -d "$GATEWAY/32" -p tcp --dport "$POD_VAULT_PORT" \
        -j DNAT --to-destination "127.0.0.1:$VAULT_PORT"
    iptables -t nat -D PREROUTING -i "$BRIDGE" -j VSEC-HOST 2>/dev/null || true
    iptables -t nat -I PREROUTING 1 -i "$BRIDGE" -j VSEC-HOST
    iptables -N VSEC-GUARD 2>/dev/null || iptables -F VSEC-GUARD
    iptables -A VSEC-GUARD -d "$SERVICE_SUBNET" -m comment --comment "a ClusterIP nothing translated" -j DROP
    iptables -N VSEC-GUARD-PODS 2>/dev/null || iptables -F VSEC-GUARD-PODS
    iptables -A VSEC-GUARD-PODS -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "a pod packet leaving the bridge" -j DROP
    local hook
    for hook in OUTPUT FORWARD; do
        iptables -D "$hook" -j VSEC-GUARD 2>/dev/null || true
        iptables -I "$hook" 1 -j VSEC-GUARD
    done
    iptables -D FORWARD -j VSEC-GUARD-PODS 2>/dev/null || true
    iptables -I FORWARD 1 -j VSEC-GUARD-PODS
}

node_unchain() {
    local hook
    for hook in OUTPUT FORWARD; do
        while iptables -D "$hook" -j VSEC-GUARD 2>/dev/null; do :; done
    done
    while iptables -D FORWARD -j VSEC-GUARD-PODS 2>/dev/null; do :; done
    iptables -F VSEC-GUARD 2>/dev/null && iptables -X VSEC-GUARD
    iptables -F VSEC-GUARD-PODS 2>/dev/null && iptables -X VSEC-GUARD-PODS
    while iptables -t nat -D PREROUTING -i "$BRIDGE" -j VSEC-HOST 2>/dev/null; do :; done
    iptables -t nat -F VSEC-HOST 2>/dev/null && iptables -t nat -X VSEC-HOST
    return 0
}

node_chain_names() { # "<table> <chain>" of every chain in filter, nat and mangle
    local table
    for table in filter nat mangle; do
        iptables-save -t "$table" | sed -n "s/^:\([^ ]*\) .*/$table \1/p"
    done
}

node_remove_new_kube_chains() { # KUBE-* chains the kubelet or kube-proxy made and --cleanup left (KUBE-FIREWALL, canaries)
    [[ -f "$NODE_DIR/iptables-chains.before" ]] || return 0
    local table chain rule
    while read -r table chain; do
        [[ "$chain" == KUBE-* ]] || continue
        grep -qx "$table $chain" "$NODE_DIR/iptables-chains.before" && continue
        # the rules jumping to it, written as deletions
        while read -r rule; do
            eval "iptables -t $table ${rule/-A /-D }" 2>/dev/null || true
        done < <(iptables-save -t "$table" | grep -e "-j $chain\( \|$\)" | grep '^-A ' || true)
        iptables -t "$table" -F "$chain" 2>/dev/null || true
    done < <(node_chain_names)
    while read -r table chain; do
        [[ "$chain" == KUBE-* ]] || continue
        grep -qx "$table $chain" "$NODE_DIR/iptables-chains.before" && continue
        iptables -t "$table" -X "$chain" 2>/dev/null || true
    done < <(node_chain_names)
    rm -f "$NODE_DIR/iptables-chains.before"
}

node_ready() {
    [[ "$(admin_kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

node_up() {
    node_prerequisites
    node_configs
    echo "$KUBE_PROXY" > "$NODE_DIR/kube-proxy.path" # for node_down's kube-proxy --cleanup
    # RBAC only (no Node authorizer): the bootstrap ClusterRole system:node for the node's group,
    # and kube-apiserver's kubelet client may use the kubelet's API (logs, exec, port-forward).
    admin_kubectl apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "dev-cluster:nodes"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:nodes"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "dev-cluster:kube-apiserver-kubelet-client"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:kubelet-api-admin"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-apiserver-kubelet-client}]
YAML
    if ! node_alive containerd; then
        log "starting containerd (socket $CONTAINERD_SOCKET)"
        node_start containerd containerd --config "$NODE_DIR/containerd/config.toml" --log-level warn
        wait_until 30 "containerd is up" node_ctr version || die "containerd did not start; see $NODE_DIR/containerd.log"
    fi
    node_images
    [[ -f "$NODE_DIR/sysctl.before" ]] || sysctl $NODE_SYSCTLS > "$NODE_DIR/sysctl.before"
    [[ -f "$NODE_DIR/iptables-chains.before" ]] || node_chain_names > "$NODE_DIR/iptables-chains.before"
    node_bridge
    node_chains # before any pod starts
    if ! node_alive kubelet; then
        log "starting the kubelet (node $NODE_NAME, $GATEWAY:$KUBELET_PORT)"
        node_start kubelet "$KUBELET" --config "$NODE_DIR/kubelet-config.yaml" \
            --kubeconfig "$NODE_DIR/kubelet.kubeconfig" --root-dir "$NODE_DIR/kubelet" \
            --cert-dir "$NODE_DIR/kubelet/pki" --hostname-override "$NODE_NAME" --node-ip "$GATEWAY"
    fi
    wait_until 60 "node $NODE_NAME is registered" admin_kubectl get node "$NODE_NAME" \
        || die "the kubelet did not register node $NODE_NAME; see $NODE_DIR/kubelet.log"
    if ! node_alive kube-proxy; then
        log "starting kube-proxy (iptables, healthz 127.0.0.1:$PROXY_HEALTHZ_PORT)"
        node_start kube-proxy "$KUBE_PROXY" --config "$NODE_DIR/kube-proxy-config.yaml"
        # healthy: its rules are written (and the node it serves exists)
        wait_until 60 "kube-proxy is healthy" healthy "http://127.0.0.1:$PROXY_HEALTHZ_PORT/healthz" \
            || die "kube-proxy did not become healthy; see $NODE_DIR/kube-proxy.log"
    fi
    node_chains # again first, above the jumps kube-proxy prepended
    admin_kubectl uncordon "$NODE_NAME" >/dev/null 2>&1 || true
    wait_until 120 "node $NODE_NAME is Ready" node_ready \
        || die "node $NODE_NAME did not become Ready; see $NODE_DIR/kubelet.log"
}

node_down() {
    [[ -d "$NODE_DIR" ]] || return 0
    if node_alive kubelet && running kube-apiserver; then
        # Cordoned first, so that no replacement lands here; the kubelet stops each sandbox
        # through CNI, which releases its address and removes its veth.
        log "deleting the pods on $NODE_NAME"
        admin_kubectl cordon "$NODE_NAME" >/dev/null 2>&1 || true
        admin_kubectl delete pods -A --field-selector "spec.nodeName=$NODE_NAME" --grace-period=5 \
            --wait=true --timeout=60s >/dev/null 2>&1 || true
    fi
    node_stop kubelet
    if running kube-apiserver; then
        # what is still bound to the node (a replacement the scheduler placed meanwhile): gone
        # with its containers below, so its object goes too
        admin_kubectl delete pods -A --field-selector "spec.nodeName=$NODE_NAME" --force --grace-period=0 \
            >/dev/null 2>&1 || true
    fi
    node_stop kube-proxy
    if node_alive containerd; then
        local task
        for task in $(node_ctr tasks ls -q 2>/dev/null); do node_ctr tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true; done
    fi
    node_stop containerd
    local pid
    for pid in $(pgrep -f -- "-address $CONTAINERD_SOCKET" || true); do kill "$pid" 2>/dev/null || true; done
    # Mounts under the node's directory (volumes, root filesystems, shm), deepest first.
    awk -v dir="$NODE_DIR/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r \
        | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
    if [[ -f "$NODE_DIR/kube-proxy.path" ]] && command -v iptables >/dev/null 2>&1; then
        "$(cat "$NODE_DIR/kube-proxy.path")" --cleanup --config "$NODE_DIR/kube-proxy-config.yaml" > "$NODE_DIR/kube-proxy-cleanup.log" 2>&1 || true
    fi
    command -v iptables >/dev/null 2>&1 && node_unchain && node_remove_new_kube_chains
    ! ip link show "$BRIDGE" >/dev/null 2>&1 || ip link delete "$BRIDGE"
    local cgroup
    for cgroup in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
        [[ -d "$cgroup" ]] && find "$cgroup" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    if [[ -f "$NODE_DIR/sysctl.before" ]]; then
        sed 's/ //g' "$NODE_DIR/sysctl.before" | xargs -r sysctl -q -w
        rm -f "$NODE_DIR/sysctl.before"
    fi
    if running kube-apiserver; then
        admin_kubectl delete node "$NODE_NAME" --ignore-not-found >/dev/null 2>&1 || true
    fi
    log "node $NODE_NAME is down"
}

node_status() {
    [[ "$(cat "$STATE/mode" 2>/dev/null)" == node=true ]] || return 0
    local name
    for name in containerd kube-proxy kubelet; do
        if node_alive "$name"; then log "$name: running (pid $(cat "$NODE_DIR/$name.pid"))"; else log "$name: stopped"; fi
    done
    if running kube-apiserver; then
        admin_kubectl -n virtualsecrets get deployment virtualsecrets >&2 2>/dev/null || true
    fi
}
