package dev.virtualsecrets.bench.report;

/**
 * One target from the benchmark issue, with the measured value and the limit it is held to.
 * {@code value} and {@code limit} are {@code NaN} when not measured.
 */
public record Target(String name, String description, double value, double limit, Verdict verdict) {

    public enum Verdict {
        MET, NOT_MET, NOT_MEASURED;

        /** {@code true}, {@code false} or the string {@code "not measured"}. */
        public Object json() {
            return switch (this) {
                case MET -> Boolean.TRUE;
                case NOT_MET -> Boolean.FALSE;
                case NOT_MEASURED -> "not measured";
            };
        }

        public String label() {
            return switch (this) {
                case MET -> "met";
                case NOT_MET -> "NOT MET";
                case NOT_MEASURED -> "not measured";
            };
        }
    }

    /** At most {@code limit}; not measured when the value is missing. */
    public static Target atMost(String name, String description, double value, double limit) {
        Verdict verdict = Double.isNaN(value) || Double.isNaN(limit)
                ? Verdict.NOT_MEASURED
                : value <= limit ? Verdict.MET : Verdict.NOT_MET;
        return new Target(name, description, value, limit, verdict);
    }
}
