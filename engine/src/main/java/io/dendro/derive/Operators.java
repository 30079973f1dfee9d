package io.dendro.derive;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operators of derived streams by name: {@code sum}, {@code derivative}, {@code counter_reset}, {@code counter_derivative}. */
public final class Operators {
    private static final Map<String, Operator> BY_NAME = new LinkedHashMap<>();

    static {
        for (Operator op : new Operator[] {new Sum(), new Derivative(), new CounterReset(), new CounterDerivative()}) {
            BY_NAME.put(op.name(), op);
        }
    }

    private Operators() {
    }

    /**
     * The operator called {@code name} (case-sensitive).
     *
     * @throws DendroException INVALID_ARGUMENT naming the known operators when there is none
     */
    public static Operator byName(String name) {
        Operator op = name == null ? null : BY_NAME.get(name);
        if (op == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "unknown operator '" + name + "' (expected "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return op;
    }

    /** The names of the operators, in the order above. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
