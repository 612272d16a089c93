package org.sluice.hook;

import java.util.List;

/** The before/after constraints of a hook's functions contradict each other. */
public final class HookCycleException extends IllegalStateException {

    private final String hook;
    private final List<String> modules;

    public HookCycleException(String hook, List<String> modules) {
        super("hook " + hook + ": ordering cycle between modules " + String.join(" -> ", modules));
        this.hook = hook;
        this.modules = List.copyOf(modules);
    }

    public String hook() {
        return hook;
    }

    /** The modules on the cycle, in constraint order. */
    public List<String> modules() {
        return modules;
    }
}
