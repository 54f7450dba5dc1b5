package dev.virtualsecrets.server;

import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ConfigLoader;
import dev.virtualsecrets.server.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Starts the server: {@code java -jar virtualsecrets-apiserver.jar [--config FILE]}. Audit lines
 * go to standard output, logs (JSON lines) to standard error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        Logger log = Logger.getLogger(Main.class.getName());
        Path configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: java -jar virtualsecrets-apiserver.jar [--config FILE]");
            System.exit(2);
            return;
        }
        try {
            // Options → validate and complete → new → start, as sample-apiserver's start.go.
            ServerConfig config = new ConfigLoader().load(configFile, System.getenv());
            CompletedConfig completed = CompletedConfig.complete(config);
            AssembledServer server = ServerAssembly.assemble(completed, System.out);
            log.info("starting " + String.join(", ", server.lifecycle().names()));
            server.start();
            log.info("serving virtualsecrets.dev/v1alpha1 on https://" + config.server().bindAddress() + ":"
                    + server.port() + " with Vault at " + config.vault().address());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
        } catch (ConfigException e) {
            log.severe("configuration error: " + e.getMessage());
            System.exit(1);
        } catch (IllegalStateException e) {
            // A part of the server could not start (e.g. the authentication ConfigMap stayed unreadable).
            log.severe(e.getMessage());
            System.exit(1);
        }
    }

    private static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return file;
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/virtualsecrets-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("cannot read the logging configuration: " + e.getMessage());
        }
    }
}
