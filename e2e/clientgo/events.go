package main

import (
	"encoding/json"
	"io"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
)

// objectEvent is one output line for an informer notification. It carries only
// metadata, status.version and the lease id (which is not a credential): secret
// values must never reach the output.
type objectEvent struct {
	Event           string `json:"event"`
	Name            string `json:"name"`
	ResourceVersion string `json:"resourceVersion"`
	Version         int64  `json:"version"`
	LeaseID         string `json:"leaseId,omitempty"`
}

type syncedEvent struct {
	Event string `json:"event"`
}

// eventPrinter writes one JSON line per informer notification. The informer
// calls the handler from its own goroutine while main reports SYNCED, hence the lock.
type eventPrinter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

var _ cache.ResourceEventHandler = (*eventPrinter)(nil)

func newEventPrinter(w io.Writer) *eventPrinter {
	return &eventPrinter{enc: json.NewEncoder(w)}
}

func (p *eventPrinter) OnAdd(obj any, _ bool) {
	p.object("ADD", obj)
}

func (p *eventPrinter) OnUpdate(_, newObj any) {
	p.object("UPDATE", newObj)
}

func (p *eventPrinter) OnDelete(obj any) {
	// A delete missed while disconnected arrives as a tombstone holding the last known state.
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	p.object("DELETE", obj)
}

func (p *eventPrinter) synced() error {
	return p.write(syncedEvent{Event: "SYNCED"})
}

func (p *eventPrinter) object(event string, obj any) {
	var line objectEvent
	switch o := obj.(type) {
	case *unstructured.Unstructured:
		line = objectEvent{
			Event:           event,
			Name:            o.GetName(),
			ResourceVersion: o.GetResourceVersion(),
			Version:         statusVersion(o),
			LeaseID:         leaseID(o),
		}
	case *metav1.PartialObjectMetadata: // the metadata informer's objects: no status, no version
		line = objectEvent{
			Event:           event,
			Name:            o.GetName(),
			ResourceVersion: o.GetResourceVersion(),
		}
	default:
		klog.Errorf("unexpected %s object of type %T", event, obj)
		return
	}
	if err := p.write(line); err != nil {
		klog.Errorf("cannot write %s event: %v", event, err)
	}
}

func (p *eventPrinter) write(v any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.enc.Encode(v)
}

// leaseID returns status.lease.id of a dynamic secret, or "" when absent.
func leaseID(u *unstructured.Unstructured) string {
	id, _, _ := unstructured.NestedString(u.Object, "status", "lease", "id")
	return id
}

// statusVersion returns status.version, or 0 when absent (dynamic sources have none).
// JSON numbers decode into unstructured content as int64, or float64 when not integral.
func statusVersion(u *unstructured.Unstructured) int64 {
	value, found, err := unstructured.NestedFieldNoCopy(u.Object, "status", "version")
	if err != nil || !found {
		return 0
	}
	switch v := value.(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	default:
		return 0
	}
}
