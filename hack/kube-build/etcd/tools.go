//go:build tools

// Package tools records the commands built from this module so that go mod tidy keeps their
// dependencies; hack/install-kube builds them by import path.
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
