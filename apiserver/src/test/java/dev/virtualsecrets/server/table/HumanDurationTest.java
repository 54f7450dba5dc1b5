package dev.virtualsecrets.server.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cases of k8s.io/apimachinery's duration_test.go (TestHumanDuration and its boundaries). */
class HumanDurationTest {

    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration NS = Duration.ofNanos(1);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(1), "1s"),
                Arguments.of(Duration.ofSeconds(70), "70s"),
                Arguments.of(Duration.ofSeconds(190), "3m10s"),
                Arguments.of(Duration.ofMinutes(70), "70m"),
                Arguments.of(Duration.ofHours(47), "47h"),
                Arguments.of(Duration.ofHours(49), "2d1h"),
                Arguments.of(Duration.ofHours(8 * 24 + 2), "8d"),
                Arguments.of(Duration.ofHours(367 * 24), "367d"),
                Arguments.of(Duration.ofHours(365 * 2 * 24 + 25), "2y1d"),
                Arguments.of(Duration.ofHours(365 * 8 * 24 + 2), "8y"),
                Arguments.of(Duration.ofSeconds(-2), "<invalid>"),
                Arguments.of(Duration.ofSeconds(-2).plus(NS), "0s"),
                Arguments.of(Duration.ZERO, "0s"),
                Arguments.of(Duration.ofSeconds(1).minus(MS), "0s"),
                Arguments.of(Duration.ofMinutes(2).minus(MS), "119s"),
                Arguments.of(Duration.ofMinutes(2), "2m"),
                Arguments.of(Duration.ofMinutes(2).plusSeconds(1), "2m1s"),
                Arguments.of(Duration.ofMinutes(10).minus(MS), "9m59s"),
                Arguments.of(Duration.ofMinutes(10), "10m"),
                Arguments.of(Duration.ofMinutes(10).plusSeconds(1), "10m"),
                Arguments.of(Duration.ofHours(3).minus(MS), "179m"),
                Arguments.of(Duration.ofHours(3), "3h"),
                Arguments.of(Duration.ofHours(3).plusMinutes(1), "3h1m"),
                Arguments.of(Duration.ofHours(8).minus(MS), "7h59m"),
                Arguments.of(Duration.ofHours(8), "8h"),
                Arguments.of(Duration.ofHours(8).plusMinutes(59), "8h"),
                Arguments.of(Duration.ofHours(48).minus(MS), "47h"),
                Arguments.of(Duration.ofHours(48), "2d"),
                Arguments.of(Duration.ofHours(49), "2d1h"),
                Arguments.of(Duration.ofDays(8).minus(MS), "7d23h"),
                Arguments.of(Duration.ofDays(8), "8d"),
                Arguments.of(Duration.ofDays(8).plusHours(23), "8d"),
                Arguments.of(Duration.ofDays(2 * 365).minus(MS), "729d"),
                Arguments.of(Duration.ofDays(2 * 365), "2y"),
                Arguments.of(Duration.ofDays(2 * 365).plusHours(23), "2y"),
                Arguments.of(Duration.ofDays(2 * 365).plusHours(23).plusMinutes(59), "2y"),
                Arguments.of(Duration.ofDays(2 * 365).plusHours(24).minus(MS), "2y"),
                Arguments.of(Duration.ofDays(2 * 365).plusHours(24), "2y1d"),
                Arguments.of(Duration.ofDays(3 * 365), "3y"),
                Arguments.of(Duration.ofDays(4 * 365), "4y"),
                Arguments.of(Duration.ofDays(5 * 365), "5y"),
                Arguments.of(Duration.ofDays(6 * 365), "6y"),
                Arguments.of(Duration.ofDays(7 * 365), "7y"),
                Arguments.of(Duration.ofDays(8 * 365).minus(MS), "7y364d"),
                Arguments.of(Duration.ofDays(8 * 365), "8y"),
                Arguments.of(Duration.ofDays(8 * 365).plusDays(364), "8y"),
                Arguments.of(Duration.ofDays(9 * 365), "9y"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void formatsLikeApimachinery(Duration duration, String expected) {
        assertEquals(expected, HumanDuration.format(duration));
    }
}
