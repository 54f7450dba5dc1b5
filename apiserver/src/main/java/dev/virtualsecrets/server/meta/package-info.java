/**
 * The request options of meta/v1 ({@code GetOptions}, {@code ListOptions}, {@code CreateOptions},
 * {@code UpdateOptions}, {@code PatchOptions}, {@code DeleteOptions}) as typed, validated values:
 * decoded once from the query (and the DeleteOptions body) before a handler runs, then passed to
 * handlers and storages instead of raw parameters. Also the meta.k8s.io objects of metadata-only
 * answers ({@code PartialObjectMetadata}, {@code PartialObjectMetadataList}).
 */
package dev.virtualsecrets.server.meta;

