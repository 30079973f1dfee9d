package io.dendro.derive;

import static io.dendro.derive.Points.T0;
import static io.dendro.derive.Points.assertPoints;
import static io.dendro.derive.Points.numeric;
import static io.dendro.derive.Points.perSecond;
import static io.dendro.derive.Points.s;
import static io.dendro.derive.Points.whole;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The numbers of the issue, which are those of Datastream's tests (wlanslovenija/datastream,
 * tests/test_common.py: test_derived_streams and test_null_values), exactly.
 */
class DatastreamNumbersTest {
    private static final Operator SUM = Operators.byName("sum");
    private static final Operator DERIVATIVE = Operators.byName("derivative");
    private static final Operator COUNTER_RESET = Operators.byName("counter_reset");
    private static final Operator COUNTER_DERIVATIVE = Operators.byName("counter_derivative");
    private static final Map<String, String> NONE = Map.of();
    /** Seconds 0..4, 10 and 11: the times of A and B. */
    private static final long[] AB_TIMES = s(0, 1, 2, 3, 4, 10, 11);
    private static final SourcePoints A = numeric(AB_TIMES, 21.0, 25.0, 28.0, 32.0, 25.0, 70.0, 74.0);
    private static final SourcePoints B = numeric(AB_TIMES, 21.0, 25.0, 28.0, 32.0, 25.0, 42.0, 42.0);
    /** test_null_values' stream: at 12:00:00, 12:00:01, 12:01:00, 12:01:01 and 12:02:00. */
    private static final long[] NULLS_TIMES = s(0, 1, 60, 61, 120);
    private static final Double[] NULLS = {null, 10.0, null, null, 2.0};

    @Test
    void sumOfAAndB() {
        assertPoints(whole(SUM, NONE, List.of(A, B)), AB_TIMES, 42.0, 50.0, 56.0, 64.0, 50.0, 112.0, 116.0);
        assertPoints(whole(SUM, Map.of("granularity", "seconds"), List.of(A, B)), AB_TIMES,
                42.0, 50.0, 56.0, 64.0, 50.0, 112.0, 116.0);
    }

    @Test
    void sumSkipsNulls() {
        SourcePoints ones = numeric(NULLS_TIMES, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertPoints(whole(SUM, NONE, List.of(numeric(NULLS_TIMES, NULLS), ones)), NULLS_TIMES,
                1.0, 11.0, 1.0, 1.0, 3.0);
        // the reading, one a second, gives the same values
        assertPoints(whole(SUM, Map.of("granularity", "seconds"), List.of(perSecond(NULLS), perSecond(1.0, 1.0,
                1.0, 1.0, 1.0))), s(0, 1, 2, 3, 4), 1.0, 11.0, 1.0, 1.0, 3.0);
    }

    @Test
    void sumOfOnlyNullsIsNull() {
        SourcePoints nulls = numeric(NULLS_TIMES, null, null, null, null, null);
        assertPoints(whole(SUM, NONE, List.of(numeric(NULLS_TIMES, NULLS), nulls)), NULLS_TIMES, NULLS);
    }

    @Test
    void sumAtTenSeconds() {
        // Datastream's "sum for different granularities": 5 and 5 each second for 32 seconds. Datastream
        // reports the buckets at 0, 10 and 20, the ones its downsampler had closed; here bucket 30 is too.
        SourcePoints fives = numeric(Points.seconds(0, 32), fill(32, 5.0));
        assertPoints(whole(SUM, Map.of("granularity", "10seconds"), List.of(fives, fives)), s(0, 10, 20, 30),
                10.0, 10.0, 10.0, 10.0);
        // a source's value in a bucket is the mean of its non-null points there
        SourcePoints a = numeric(s(10, 11, 12, 13, 25), 1.0, null, 2.0, 6.0, null);
        SourcePoints b = numeric(s(19, 21), 10.0, 20.0);
        assertPoints(whole(SUM, Map.of("granularity", "10seconds"), List.of(a, b)), s(10, 20), 13.0, 20.0);
    }

    @Test
    void derivativeOfA() {
        assertPoints(whole(DERIVATIVE, NONE, List.of(A)), s(1, 2, 3, 4, 10, 11), 4.0, 3.0, 4.0, -7.0, 7.5, 4.0);
    }

    @Test
    void derivativeCarriesNulls() {
        assertPoints(whole(DERIVATIVE, NONE, List.of(numeric(NULLS_TIMES, NULLS))), s(0, 60, 61), null, null, null);
    }

    @Test
    void sumOfAAndItsDerivative() {
        SourcePoints derivative = whole(DERIVATIVE, NONE, List.of(A));
        assertPoints(whole(SUM, NONE, List.of(A, derivative)), s(1, 2, 3, 4, 10, 11),
                29.0, 31.0, 36.0, 18.0, 77.5, 78.0);
    }

    @Test
    void counterReset() {
        SourcePoints resets = whole(COUNTER_RESET, NONE, List.of(perSecond(10.0, 23.0, 28.0, 44.0, 2.0, 17.0, 90.0,
                30.0, 2.0, 5.0, 10.0, 15.0, 23.0, 1.0, 7.0, 12.0, 19.0, 25.0, 31.0, 45.0, 51.0)));
        assertArrayEquals(new long[] {T0 + 4 * Points.NS, T0 + 7 * Points.NS, T0 + 8 * Points.NS, T0 + 13 * Points.NS},
                resets.times());
        assertArrayEquals(new double[] {0, 0, 0, 0}, resets.values());
        assertArrayEquals(new String[] {"1", "1", "1", "1"}, resets.labels());
    }

    @Test
    void counterResetSkipsNulls() {
        SourcePoints resets = whole(COUNTER_RESET, NONE, List.of(numeric(NULLS_TIMES, NULLS)));
        assertArrayEquals(new long[] {T0 + 120 * Points.NS}, resets.times());
        assertNotNull(resets.labels());
        assertEquals("1", resets.label(0));
    }

    @Test
    void counterDerivative() {
        SourcePoints uptime = perSecond(10.0, 23.0, 28.0, 44.0, 2.0, 17.0, 90.0, 30.0, 2.0);
        SourcePoints reset = whole(COUNTER_RESET, NONE, List.of(uptime));
        SourcePoints data = perSecond(5.0, 12.0, 7.0, 25.0, 7.0, 18.0, 33.0, 40.0, 5.0);
        assertPoints(whole(COUNTER_DERIVATIVE, Map.of("max_value", "256"), List.of(reset, data)), s(1, 2, 3, 5, 6),
                7.0, 251.0, 18.0, 11.0, 15.0);
        // without max_value the decrease at second 2 gives nothing
        assertPoints(whole(COUNTER_DERIVATIVE, NONE, List.of(reset, data)), s(1, 3, 5, 6), 7.0, 18.0, 11.0, 15.0);
    }

    @Test
    void counterDerivativeCarriesNulls() {
        assertPoints(whole(COUNTER_DERIVATIVE, NONE, List.of(new SourcePoints(), numeric(NULLS_TIMES, NULLS))),
                s(0, 60, 61), null, null, null);
    }

    private static Double[] fill(int n, double v) {
        Double[] values = new Double[n];
        java.util.Arrays.fill(values, v);
        return values;
    }
}
