package dev.virtualsecrets.server.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The Kubernetes user replicas authenticate each other as: the subject of this replica's own
 * ServiceAccount token ({@code system:serviceaccount:<namespace>:<name>}), read from the token's
 * claims; the signature is kube-apiserver's to check (by TokenReview) when a peer presents one.
 */
public final class PeerIdentity {

    private PeerIdentity() {
    }

    /** The {@code sub} claim of the JWT in {@code tokenFile}; never logs or returns the token. */
    public static String user(Path tokenFile) {
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read replicas.tokenFile " + tokenFile + ": "
                    + e.getClass().getSimpleName());
        }
        String[] parts = token.split("\\.");
        try {
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            String subject = claims.path("sub").asText("");
            if (!subject.startsWith("system:serviceaccount:")) {
                throw new IllegalStateException("replicas.tokenFile " + tokenFile + " is not a ServiceAccount token");
            }
            return subject;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException state) {
                throw state;
            }
            throw new IllegalStateException("replicas.tokenFile " + tokenFile + " holds no readable JWT");
        }
    }
}
