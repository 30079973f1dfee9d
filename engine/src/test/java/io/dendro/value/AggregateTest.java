package io.dendro.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pre-aggregated points from Datastream's keys, and the ones that contradict themselves. */
class AggregateTest {
    private static void invalid(Map<String, Double> keys, String fragment) {
        DendroException e = assertThrows(DendroException.class, () -> Aggregate.of(keys), keys::toString);
        assertEquals(ErrorCode.INVALID_VALUE, e.code());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void theIssuesTwoFormsAndDatastreamsSevenKeys() {
        // {"c": 3, "s": 9, "q": 27, "l": 3, "u": 3}: three samples of 3
        Aggregate a = Aggregate.of(Map.of("c", 3.0, "s", 9.0, "q", 27.0, "l", 3.0, "u", 3.0));
        assertEquals(new Aggregate(3, 3, 3, 3, 0), a);
        // {"c": 3, "m": 3, "d": 0, "l": 3, "u": 3}
        assertEquals(a, Aggregate.of(Map.of("c", 3.0, "m", 3.0, "d", 0.0, "l", 3.0, "u", 3.0)));
        // Datastream's five values 1..5 as one aggregate, all seven keys; the mean comes from s / c
        Aggregate five = Aggregate.of(Map.of("c", 5.0, "s", 15.0, "q", 55.0, "l", 1.0, "u", 5.0, "m", 2.9,
                "d", 1.4142135623730951));
        assertEquals(3.0, five.mean());
        assertEquals(1.4142135623730951, five.stddev());
        assertEquals(15.0, five.sum());
        // from sums alone the deviation is sqrt(55/5 - 9)
        assertEquals(Math.sqrt(2), Aggregate.of(Map.of("c", 5.0, "s", 15.0, "q", 55.0, "l", 1.0, "u", 5.0)).stddev());
    }

    @Test
    void roundingOfSumsIsNotAContradiction() {
        // three samples of 0.1: s = 0.30000000000000004, s / 3 lies just above u
        Aggregate a = Aggregate.of(Map.of("c", 3.0, "s", 0.1 + 0.1 + 0.1, "q", 0.1 * 0.1 * 3, "l", 0.1, "u", 0.1));
        assertEquals(0.1, a.mean());
        assertEquals(0.0, a.stddev(), 1e-9);
    }

    @Test
    void contradictionsAreRefusedNamingTheRule() {
        invalid(Map.of("c", 0.0, "m", 1.0, "d", 0.0, "l", 1.0, "u", 1.0), "count 0 is below 1");
        invalid(Map.of("c", 2.5, "m", 1.0, "d", 0.0, "l", 1.0, "u", 1.0), "not a whole number");
        invalid(Map.of("c", 2.0, "m", 1.5, "d", 0.5, "l", 2.0, "u", 1.0), "min 2.0 is above max 1.0");
        invalid(Map.of("c", 2.0, "m", 7.0, "d", 0.5, "l", 1.0, "u", 2.0), "mean 7.0 lies outside");
        invalid(Map.of("c", 2.0, "m", 1.5, "d", -0.5, "l", 1.0, "u", 2.0), "stddev -0.5 is negative");
        invalid(Map.of("c", 2.0, "m", Double.NaN, "d", 0.5, "l", 1.0, "u", 2.0), "not finite");
        invalid(Map.of("c", 2.0, "s", 3.0, "q", 1.0, "l", 1.0, "u", 2.0), "sum of squares 1.0 is below");
        invalid(Map.of("c", 2.0, "s", 3.0, "l", 1.0, "u", 2.0), "needs the sum of squares");
        invalid(Map.of("c", 2.0, "m", 1.5, "l", 1.0, "u", 2.0), "needs the standard deviation");
        invalid(Map.of("c", 2.0, "d", 0.5, "l", 1.0, "u", 2.0), "needs the sum");
        invalid(Map.of("m", 1.5, "d", 0.5, "l", 1.0, "u", 2.0), "needs \"c\"");
        invalid(Map.of("c", 2.0, "m", 1.5, "d", 0.5, "u", 2.0), "needs \"l\"");
        invalid(Map.of("c", 2.0, "m", 1.5, "d", 0.5, "l", 1.0, "u", 2.0, "x", 1.0), "unknown key \"x\"");
    }
}
