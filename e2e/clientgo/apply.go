package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
)

// applyResult is the one JSON line --apply prints: the applied object's managers, or
// the API's refusal. Values of the object are never printed.
type applyResult struct {
	Name            string   `json:"name,omitempty"`
	ResourceVersion string   `json:"resourceVersion,omitempty"`
	Managers        []string `json:"managers,omitempty"`
	Code            int32    `json:"code,omitempty"`
	Reason          string   `json:"reason,omitempty"`
	Message         string   `json:"message,omitempty"`
}

// configMaps is what --apply-configmap applies instead, for kube-apiserver's own answers.
var configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}

// apply sends the object read from stdin (YAML or JSON) as a server-side apply with
// the dynamic client's Apply, as Flux and Argo CD do.
func apply(ctx context.Context, client dynamic.Interface, resource schema.GroupVersionResource, namespace, manager string,
	force bool) int {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: cannot read stdin: %v\n", err)
		return exitError
	}
	object := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(raw, &object.Object); err != nil {
		fmt.Fprintf(os.Stderr, "error: stdin is not a YAML or JSON object: %v\n", err)
		return exitUsage
	}
	applied, err := client.Resource(resource).Namespace(namespace).Apply(ctx, object.GetName(), object,
		metav1.ApplyOptions{FieldManager: manager, Force: force})
	result := applyResult{}
	if err != nil {
		status, ok := err.(apierrors.APIStatus)
		if !ok {
			fmt.Fprintf(os.Stderr, "error: apply failed: %v\n", err)
			return exitError
		}
		result.Code = status.Status().Code
		result.Reason = string(status.Status().Reason)
		result.Message = status.Status().Message
	} else {
		result.Name = applied.GetName()
		result.ResourceVersion = applied.GetResourceVersion()
		for _, entry := range applied.GetManagedFields() {
			result.Managers = append(result.Managers, entry.Manager+"/"+string(entry.Operation))
		}
	}
	line, err := json.Marshal(result)
	if err != nil {
		return exitError
	}
	fmt.Println(string(line))
	return exitOK
}
