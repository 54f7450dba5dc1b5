// Command clientgo runs a client-go dynamic informer against the aggregated
// virtualsecrets.dev/v1alpha1 API and prints one JSON line per event, so the
// end-to-end suite can check that the server behaves like a Kubernetes API for
// the newest client-go (which lists through WatchList streams by default).
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
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot create dynamic client: %v\n", err)
		return exitError
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	return watch(ctx, client, *namespace, *resync)
}

// watch runs the informer until ctx is cancelled.
func watch(ctx context.Context, client dynamic.Interface, namespace string, resync time.Duration) int {
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, resync, namespace, nil)
	informer := factory.ForResource(virtualSecrets).Informer()

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
func shutdown(factory dynamicinformer.DynamicSharedInformerFactory) {
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
