package org.sluice.hook;

import java.util.List;
import java.util.Set;

/**
 * Where a hook function runs among the others: a coarse {@link Position} plus the names of
 * modules whose functions must run after ({@code before}) or before ({@code after}) it.
 * Functions with the same constraints keep the order their modules were loaded in.
 *
 * <pre>{@code
 * Order.MIDDLE                        // no constraint
 * Order.FIRST.before("auth_basic")    // early, and surely before auth_basic's function
 * }</pre>
 */
public record Order(Position position, Set<String> before, Set<String> after) {

    public enum Position { REALLY_FIRST, FIRST, MIDDLE, LAST, REALLY_LAST }

    public static final Order REALLY_FIRST = new Order(Position.REALLY_FIRST, Set.of(), Set.of());
    public static final Order FIRST = new Order(Position.FIRST, Set.of(), Set.of());
    public static final Order MIDDLE = new Order(Position.MIDDLE, Set.of(), Set.of());
    public static final Order LAST = new Order(Position.LAST, Set.of(), Set.of());
    public static final Order REALLY_LAST = new Order(Position.REALLY_LAST, Set.of(), Set.of());

    public Order {
        before = Set.copyOf(before);
        after = Set.copyOf(after);
    }

    /** This order, and also before the functions of the named modules. */
    public Order before(String... modules) {
        return new Order(position, union(before, modules), after);
    }

    /** This order, and also after the functions of the named modules. */
    public Order after(String... modules) {
        return new Order(position, before, union(after, modules));
    }

    private static Set<String> union(Set<String> set, String... more) {
        var all = new java.util.LinkedHashSet<>(set);
        all.addAll(List.of(more));
        return all;
    }
}
