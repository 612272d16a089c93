package org.sluice.hook;

/**
 * A named point where modules plug in functions of type {@code F} (Apache's
 * {@code AP_DECLARE_HOOK}). A RUN_FIRST hook stops at the first function that does not
 * decline; a RUN_ALL hook runs every function and stops at the first error.
 *
 * <pre>{@code
 * public static final Hook<PreConnectionHandler> PRE_CONNECTION =
 *         Hook.runAll("pre_connection", PreConnectionHandler.class);
 * }</pre>
 *
 * Modules may declare hooks of their own the same way; others join them through
 * {@link org.sluice.module.Registry#hook}.
 */
public record Hook<F>(String name, Class<F> type, Kind kind) {

    public enum Kind {
        RUN_FIRST,
        RUN_ALL;

        /** Whether {@code result} of one function ends the run, as the hook's answer. */
        public boolean stopsAt(Result result) {
            return this == RUN_FIRST ? !result.isDeclined() : result.isError() || result.isDone();
        }

        /** The hook's answer when every function ran and none ended the run. */
        public Result whenAllRan() {
            return this == RUN_FIRST ? Result.DECLINED : Result.OK;
        }
    }

    public static <F> Hook<F> runFirst(String name, Class<F> type) {
        return new Hook<>(name, type, Kind.RUN_FIRST);
    }

    public static <F> Hook<F> runAll(String name, Class<F> type) {
        return new Hook<>(name, type, Kind.RUN_ALL);
    }
}
