package io.dendro.derive;

import static io.dendro.StreamKind.GRAPH;
import static io.dendro.StreamKind.NOMINAL;
import static io.dendro.StreamKind.NUMERIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.StreamKind;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry and each operator's {@code check}: kinds, arity, names and arguments. */
class OperatorCheckTest {
    private static final Map<String, String> NONE = Map.of();

    @Test
    void registry() {
        assertEquals(List.of("sum", "derivative", "counter_reset", "counter_derivative"), Operators.names());
        for (String name : Operators.names()) {
            assertEquals(name, Operators.byName(name).name());
        }
        refused(ErrorCode.INVALID_ARGUMENT, () -> Operators.byName("moving_average"), "moving_average", "sum",
                "derivative", "counter_reset", "counter_derivative");
        refused(ErrorCode.INVALID_ARGUMENT, () -> Operators.byName("Sum"), "Sum");
        refused(ErrorCode.INVALID_ARGUMENT, () -> Operators.byName(null), "null");
    }

    @Test
    void sum() {
        Operator sum = Operators.byName("sum");
        assertEquals(NUMERIC, sum.check(List.of(NUMERIC), names(1), NONE));
        assertEquals(NUMERIC, sum.check(List.of(NUMERIC, NUMERIC, NUMERIC), Arrays.asList("a", null, "c"), NONE));
        assertEquals(NUMERIC, sum.check(List.of(NUMERIC, NUMERIC), null, Map.of("granularity", "10seconds")));
        assertEquals(NUMERIC, sum.check(List.of(NUMERIC), names(1), Map.of("granularity", "15min")));
        refused(ErrorCode.INVALID_ARGUMENT, () -> sum.check(List.of(), names(0), NONE), "at least 1", "not 0");
        refused(ErrorCode.WRONG_TYPE, () -> sum.check(List.of(NUMERIC, NOMINAL), names(2), NONE), "source 1",
                "nominal");
        refused(ErrorCode.WRONG_TYPE, () -> sum.check(List.of(GRAPH), names(1), NONE), "source 0", "graph");
        refused(ErrorCode.INVALID_ARGUMENT, () -> sum.check(List.of(NUMERIC), names(1),
                Map.of("granularity", "fortnights")), "fortnights");
        refused(ErrorCode.INVALID_ARGUMENT, () -> sum.check(List.of(NUMERIC), names(1), Map.of("max_value", "3")),
                "max_value", "granularity");
        refused(ErrorCode.INVALID_ARGUMENT, () -> sum.check(List.of(NUMERIC, NUMERIC), names(1), NONE), "names");
    }

    @Test
    void derivativeAndCounterReset() {
        for (String name : List.of("derivative", "counter_reset")) {
            Operator op = Operators.byName(name);
            assertEquals(name.equals("derivative") ? NUMERIC : NOMINAL, op.check(List.of(NUMERIC), names(1), NONE));
            refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(), names(0), NONE), "exactly 1", "not 0");
            refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(NUMERIC, NUMERIC), names(2), NONE),
                    "exactly 1", "not 2");
            refused(ErrorCode.WRONG_TYPE, () -> op.check(List.of(NOMINAL), names(1), NONE), name, "nominal");
            refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(NUMERIC), names(1),
                    Map.of("granularity", "seconds")), "granularity", "takes none");
        }
    }

    @Test
    void counterDerivative() {
        Operator op = Operators.byName("counter_derivative");
        List<StreamKind> kinds = List.of(NOMINAL, NUMERIC);
        List<String> names = Arrays.asList("reset", null);
        assertEquals(NUMERIC, op.check(kinds, names, NONE));
        assertEquals(NUMERIC, op.check(kinds, names, Map.of("max_value", "256")));
        assertEquals(NUMERIC, op.check(kinds, names, Map.of("max_value", "4294967295.5")));
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(NOMINAL), List.of("reset"), NONE), "exactly 2");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(NOMINAL, NUMERIC, NUMERIC),
                Arrays.asList("reset", null, null), NONE), "exactly 2", "not 3");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, names(2), NONE), "'reset'", "unnamed");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, null, NONE), "'reset'");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, Arrays.asList("resets", null), NONE), "'resets'");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(List.of(NUMERIC, NOMINAL), Arrays.asList(null, "reset"),
                NONE), "first source");
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, Arrays.asList("reset", "data"), NONE), "second",
                "'data'");
        refused(ErrorCode.WRONG_TYPE, () -> op.check(List.of(NUMERIC, NUMERIC), names, NONE), "'reset'", "numeric");
        refused(ErrorCode.WRONG_TYPE, () -> op.check(List.of(NOMINAL, NOMINAL), names, NONE), "data", "nominal");
        refused(ErrorCode.WRONG_TYPE, () -> op.check(List.of(NOMINAL, GRAPH), names, NONE), "data", "graph");
        for (String bad : List.of("0", "-1", "abc", "", "NaN", "Infinity")) {
            refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, names, Map.of("max_value", bad)), "max_value",
                    "'" + bad + "'");
        }
        refused(ErrorCode.INVALID_ARGUMENT, () -> op.check(kinds, names, Map.of("granularity", "seconds")),
                "granularity", "max_value");
    }

    private static List<String> names(int n) {
        return Arrays.asList(new String[n]);
    }

    private static void refused(ErrorCode code, Runnable call, String... mentions) {
        DendroException e = assertThrows(DendroException.class, call::run);
        assertEquals(code, e.code(), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
        }
    }
}
