package dev.virtualsecrets.bench;

import java.nio.file.Path;

/** The command line: {@code --mode}, {@code --state}, {@code --out}, {@code --server-jar}. */
record BenchOptions(Mode mode, Path state, Path out, Path serverJar) {

    static final String USAGE = "usage: virtualsecrets-bench --mode quick|full --state DIR --out FILE [--server-jar JAR]";

    static BenchOptions parse(String[] args) {
        Mode mode = Mode.QUICK;
        Path state = Path.of(".dev-cluster");
        Path out = Path.of("target/bench/results.json");
        Path serverJar = Path.of("apiserver/target/virtualsecrets-apiserver.jar");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--mode" -> mode = Mode.named(value);
                case "--state" -> state = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--server-jar" -> serverJar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new BenchOptions(mode, state, out, serverJar);
    }
}
