package io.dendro.derive;

import static io.dendro.derive.Points.T0;
import static io.dendro.derive.Points.assertPoints;
import static io.dendro.derive.Points.numeric;
import static io.dendro.derive.Points.s;
import static io.dendro.derive.Points.whole;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules each operator's Javadoc states where the issue is silent: equal times, nulls, gaps, signs. */
class OperatorRulesTest {
    private static final Map<String, String> NONE = Map.of();

    @Test
    void sumTakesTheMeanOfASourcesPointsAtOneTime() {
        SourcePoints a = numeric(s(0, 0, 0, 1, 1, 2), 1.0, null, 4.0, null, null, -0.0);
        SourcePoints b = numeric(s(0, 1, 2, 3), 10.0, null, -0.0, 5.0);
        assertPoints(whole(Operators.byName("sum"), NONE, List.of(a, b)), s(0, 1, 2), 12.5, null, -0.0);
    }

    @Test
    void sumOfOneSourceInBuckets() {
        SourcePoints a = numeric(s(59, 60, 61, 200), 1.0, 2.0, 4.0, null);
        assertPoints(whole(Operators.byName("sum"), Map.of("granularity", "minutes"), List.of(a)), s(0, 60, 180),
                1.0, 3.0, null);
    }

    @Test
    void derivativeAtEqualTimesTakesTheLaterPoint() {
        SourcePoints a = numeric(s(0, 1, 1, 3, 3, 4), 1.0, 2.0, 6.0, 10.0, null, 7.0);
        assertPoints(whole(Operators.byName("derivative"), NONE, List.of(a)), s(1, 3, 3), 1.0, 2.0, null);
    }

    @Test
    void counterResetComparesPointsAtOneTimeInOrder() {
        SourcePoints a = numeric(s(0, 1, 1, 2, 3, 3), 10.0, 5.0, 3.0, 3.0, null, 1.0);
        SourcePoints resets = whole(Operators.byName("counter_reset"), NONE, List.of(a));
        assertArrayEquals(new long[] {T0 + Points.NS, T0 + Points.NS, T0 + 3 * Points.NS}, resets.times());
    }

    @Test
    void counterDerivativeResetsBeforeDataAtTheSameTime() {
        SourcePoints reset = new SourcePoints();
        reset.add(T0 + 2 * Points.NS, 0.0, "1");
        reset.add(T0 + 4 * Points.NS + 1, 0.0, "1");
        SourcePoints data = numeric(s(0, 1, 2, 3, 3, 4, 5, 6, 8), 1.0, 3.0, 4.0, 6.0, 7.0, 9.0, 12.0, null, 20.0);
        // 2 at 1; the reset at 2 leaves 4 without a previous point; 2 at 3, then nothing at 3 again (Δt 0);
        // 2 at 4 (from 7 at 3); the reset just after 4 leaves 12 at 5 without one; null at 6; 20 at 8 after a null
        assertPoints(whole(Operators.byName("counter_derivative"), NONE, List.of(reset, data)), s(1, 3, 4, 6),
                2.0, 2.0, 2.0, null);
    }
}
