package dev.virtualsecrets.server.table;

import java.time.Duration;

/**
 * Durations for people, with the rules of k8s.io/apimachinery's {@code duration.HumanDuration}
 * (the AGE column of kubectl): about two or three significant figures, {@code 0s} for up to
 * two seconds in the future (clock skew), {@code <invalid>} beyond.
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    public static String format(Duration d) {
        // Truncate toward zero like Go's int(d.Seconds()): -1.9s is still "almost now".
        long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? days + "d" : days + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        if (hours < 24 * 365 * 8) {
            long dy = days % 365;
            return dy == 0 ? years + "y" : years + "y" + dy + "d";
        }
        return years + "y";
    }
}
