// Command clientgo runs a client-go dynamic informer against the aggregated
// virtualsecrets.dev/v1alpha1 API and prints one JSON line per event, so the
// end-to-end suite can check that the server behaves like a Kubernetes API for
// the newest client-go (which lists through WatchList streams by default).
// With --metadata it runs client-go's metadata informer instead, as
// kube-controller-manager's garbage collector and quota controller do; with
// --apply it sends one server-side apply with the dynamic client, as Flux and
// Argo CD do.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
)

// Exit codes the e2e suite relies on.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// shutdownGrace bounds how long an interrupted process waits for the informer to
// stop: client-go's reflector sleeps out its retry backoff (up to a minute against an
// unreachable server) without watching for cancellation.
const shutdownGrace = 5 * time.Second

var virtualSecrets = schema.GroupVersionResource{
	Group:    "virtualsecrets.dev",
	Version:  "v1alpha1",
	Resource: "virtualsecrets",
}

func main() {
	os.Exit(run())
}

func run() int {
	kubeconfig := flag.String("kubeconfig", "", "path to the kubeconfig file (required)")
	namespace := flag.String("namespace", "", "namespace to watch (required)")
	resync := flag.Duration("resync", 0, "informer resync period; 0 disables resync")
	metadataOnly := flag.Bool("metadata", false, "run the metadata informer (PartialObjectMetadata) instead of the dynamic one")
	applyAs := flag.String("apply", "", "server-side apply the object on stdin with this field manager, print the result, exit")
	force := flag.Bool("force", false, "with --apply: take over fields other managers own")
	applyConfigMap := flag.Bool("configmap", false, "with --apply: the object is a ConfigMap (kube-apiserver's own answer)")
	// klog carries client-go's own messages (to stderr); -v raises their verbosity.
	klog.InitFlags(nil)
	flag.Parse()
	defer klog.Flush()

	if *kubeconfig == "" || *namespace == "" {
		fmt.Fprintln(os.Stderr, "error: --kubeconfig and --namespace are required")
		flag.Usage()
		return exitUsage
	}

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot load kubeconfig %q: %v\n", *kubeconfig, err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *metadataOnly {
		client, err := metadata.NewForConfig(config)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: cannot create metadata client: %v\n", err)
			return exitError
		}
		factory := metadatainformer.NewFilteredSharedInformerFactory(client, *resync, *namespace, nil)
		return watch(ctx, factory, factory.ForResource(virtualSecrets))
	}
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot create dynamic client: %v\n", err)
		return exitError
	}
	if *applyAs != "" {
		resource := virtualSecrets
		if *applyConfigMap {
			resource = configMaps
		}
		return apply(ctx, client, resource, *namespace, *applyAs, *force)
	}
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, *resync, *namespace, nil)
	return watch(ctx, factory, factory.ForResource(virtualSecrets))
}

// informerFactory is what the dynamic and the metadata informer factories share.
type informerFactory interface {
	Start(stopCh <-chan struct{})
	Shutdown()
}

// watch runs the informer until ctx is cancelled.
func watch(ctx context.Context, factory informerFactory, generic informers.GenericInformer) int {
	informer := generic.Informer()

	out := newEventPrinter(os.Stdout)
	registration, err := informer.AddEventHandler(out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot register event handler: %v\n", err)
		return exitError
	}

	factory.Start(ctx.Done())
	defer shutdown(factory)

	// The registration, unlike the informer, has synced only once the handler has
	// seen every object of the initial list, so all initial ADD lines precede SYNCED.
	if !cache.WaitForCacheSync(ctx.Done(), registration.HasSynced) {
		if ctx.Err() != nil {
			return exitOK
		}
		fmt.Fprintln(os.Stderr, "error: informer cache did not sync")
		return exitError
	}
	if err := out.synced(); err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot write to stdout: %v\n", err)
		return exitError
	}

	<-ctx.Done()
	return exitOK
}

// shutdown stops the informers, waiting at most shutdownGrace for them.
func shutdown(factory informerFactory) {
	stopped := make(chan struct{})
	go func() {
		factory.Shutdown()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace):
		klog.Warningf("informer still stopping after %s; exiting anyway", shutdownGrace)
	}
}
