package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.List;
import java.util.OptionalInt;

/**
 * What the filters learn about one request for its audit line, as k8s.io/apiserver keeps an audit
 * event in the request context: who asked, who decided, and how the request ended when no response
 * was sent the usual way. One per request, touched by that request's thread only.
 */
public final class AuditEvent {

    static final CallerIdentity ANONYMOUS = CallerIdentity.of("system:anonymous", List.of("system:unauthenticated"));
    static final String HEALTH_PROBE = "health-probe";
    static final String AUTHENTICATION = "authentication";
    static final String AUTHORIZATION = "authorization";
    static final String VAULT_POLICY = "vault-policy";
    /** nginx's code for "the client closed the request": a closed watch, a cancelled request. */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private CallerIdentity caller = ANONYMOUS;
    private String decidedBy = HEALTH_PROBE;
    private boolean authorized;
    private boolean denied;
    private boolean unauthenticated;
    private OptionalInt code = OptionalInt.empty();

    CallerIdentity caller() {
        return caller;
    }

    void authenticating() {
        decidedBy = AUTHENTICATION;
    }

    void authenticated(CallerIdentity caller) {
        this.caller = caller;
        decidedBy = AUTHORIZATION;
    }

    void authorized(String by) {
        decidedBy = by;
        authorized = true;
    }

    /** Health probes pass without authentication or authorization. */
    void probe() {
        authorized = true;
    }

    /**
     * An error answered as a Status. Before authorization passed, any error is a denial by the
     * stage that failed; after it, only Vault refuses a caller (its policy or its login): a 403.
     */
    void failed(ApiException error) {
        code = OptionalInt.of(error.code());
        unauthenticated = ApiErrors.isUnauthorized(error);
        if (!authorized || ApiErrors.isUnauthorized(error) || ApiErrors.isForbidden(error)) {
            denied = true;
            if (authorized && ApiErrors.isForbidden(error)) {
                decidedBy = VAULT_POLICY;
            }
        }
    }

    void clientGone() {
        code = OptionalInt.of(CLIENT_CLOSED_REQUEST);
    }

    void internalError() {
        code = OptionalInt.of(500);
    }

    /** The code the audit line records: the failure's, else what the response sent. */
    int code(int responseCode) {
        return code.orElse(responseCode);
    }

    /** Nobody could be recognised (401). */
    boolean unauthenticated() {
        return unauthenticated;
    }

    String decision() {
        return denied ? "deny" : "allow";
    }

    String decidedBy() {
        return decidedBy;
    }
}
