package org.sluice.hook;

/** Calls one registered function of a hook and returns what it answered. */
@FunctionalInterface
public interface HookFunction<F> {

    Result call(F function) throws Exception;
}
