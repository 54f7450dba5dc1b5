package dev.virtualsecrets.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The allowed dependencies between the server's packages: each package may use the packages listed
 * for it and nothing else of the server. Layers from the bottom: values and helpers (apierrors,
 * user, meta, selector, cache, json, ...), Vault (vault, vault.authentication, vault.lease: they
 * know nothing of Kubernetes requests, errors or handlers), Kubernetes clients (kube), the storages
 * (registry.*), watches, authentication and authorization, the HTTP endpoints, and the composition
 * root on top.
 */
class PackageDependenciesTest {

    private static final String SERVER = "dev.virtualsecrets.server";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVER);

    /** Package (relative to the server's) → the server packages it may use besides itself. */
    private static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        allow("apierrors");
        allow("user");
        allow("cache");
        allow("json");
        allow("logging");
        allow("config");
        allow("selector", "apierrors");
        allow("meta", "apierrors", "selector");
        allow("patch", "apierrors", "meta", "registry.rest");
        allow("table", "apierrors");
        allow("discovery");
        allow("openapi", "discovery");
        allow("audit");
        allow("tls", "config");
        allow("lifecycle");
        allow("replicas", "user", "vault.lease");
        allow("vault", "user");
        allow("vault.authentication", "vault", "user", "cache");
        allow("vault.lease", "vault", "cache", "user");
        allow("vault.kv", "vault");
        allow("metrics", "cache", "vault.authentication");
        allow("watch", "apierrors", "selector", "user");
        allow("registry.rest", "apierrors", "meta", "user");
        allow("registry", "registry.rest", "apierrors", "meta", "user", "vault", "vault.authentication");
        allow("registry.kv", "registry", "registry.rest", "apierrors", "meta", "user", "vault", "vault.kv", "watch");
        allow("registry.dynamic", "registry", "registry.rest", "apierrors", "meta", "user", "vault", "vault.lease",
                "watch");
        allow("authn", "apierrors", "cache", "user");
        allow("authz", "apierrors", "cache", "user", "endpoints.request");
        allow("kube", "authn", "authz", "config", "replicas", "user", "vault.authentication");
        allow("endpoints.request", "apierrors", "meta", "selector");
        allow("endpoints.responsewriters", "apierrors", "discovery");
        allow("endpoints.filters", "apierrors", "audit", "authn", "authz", "endpoints.request",
                "endpoints.responsewriters", "metrics", "replicas", "user");
        allow("endpoints.handlers", "apierrors", "cache", "discovery", "endpoints.filters", "endpoints.request",
                "endpoints.responsewriters", "meta", "metrics", "openapi", "patch", "registry", "registry.dynamic",
                "registry.rest", "replicas", "selector", "table", "user", "vault.lease", "watch");
    }

    private static void allow(String pkg, String... uses) {
        ALLOWED.put(pkg, List.of(uses));
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        ALLOWED.forEach((pkg, uses) -> {
            String[] permitted = new String[uses.size() + 1];
            permitted[0] = SERVER + "." + pkg;
            for (int i = 0; i < uses.size(); i++) {
                permitted[i + 1] = SERVER + "." + uses.get(i);
            }
            noClasses().that().resideInAPackage(SERVER + "." + pkg)
                    .should().dependOnClassesThat(resideInAPackage(SERVER + "..")
                            .and(not(resideInAnyPackage(permitted))))
                    .because(pkg + " may use only " + uses)
                    .check(CLASSES);
        });
    }

    @Test
    void everyPackageHasItsRule() {
        CLASSES.stream()
                .map(javaClass -> javaClass.getPackageName())
                .filter(name -> name.startsWith(SERVER + "."))
                .map(name -> name.substring(SERVER.length() + 1))
                .distinct()
                .forEach(pkg -> {
                    if (!ALLOWED.containsKey(pkg)) {
                        throw new AssertionError("package " + pkg + " has no rule in " + PackageDependenciesTest.class
                                .getSimpleName() + ": say which packages it may use");
                    }
                });
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideInAPackage(SERVER + ".(*)..")
                .should().dependOnClassesThat().resideInAPackage(SERVER)
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(SERVER + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
