package org.sluice.internal.hook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.sluice.hook.Hook;
import org.sluice.hook.HookFunction;
import org.sluice.hook.Order;
import org.sluice.hook.Result;

/**
 * The functions registered for every hook, sorted once by {@link #sortAll()} and then run in
 * that fixed order. Registration happens while modules load; running happens afterwards, from
 * any thread.
 */
public final class HookRegistry {

    /** Most hook objects the identity map holds. */
    private static final int IDENTITY_LIMIT = 512;

    private final Map<Hook<?>, List<HookSorter.Entry<?>>> registered = new HashMap<>();
    private volatile Map<Hook<?>, List<HookSorter.Entry<?>>> sorted = Map.of();
    private volatile Map<Hook<?>, List<?>> functions = Map.of();
    /**
     * The same lists keyed by the very hook objects registered: callers run the constants
     * they registered with, so most look-ups are identity hits and skip the record's
     * {@code hashCode}/{@code equals}.
     */
    private volatile Map<Hook<?>, List<?>> functionsByIdentity = new IdentityHashMap<>();

    public <F> void add(Hook<F> hook, String module, F function, Order order) {
        List<HookSorter.Entry<?>> entries = registered.computeIfAbsent(hook, h -> new ArrayList<>());
        entries.add(new HookSorter.Entry<>(module, function, order, entries.size()));
    }

    /**
     * Resolves the order of every hook's functions.
     *
     * @throws org.sluice.hook.HookCycleException naming the modules when constraints contradict
     */
    public void sortAll() {
        Map<Hook<?>, List<HookSorter.Entry<?>>> bySort = new HashMap<>();
        Map<Hook<?>, List<?>> byFunction = new HashMap<>();
        Map<Hook<?>, List<?>> byIdentity = new IdentityHashMap<>();
        registered.forEach((hook, entries) -> {
            List<HookSorter.Entry<?>> order = HookSorter.sort(hook.name(), entries);
            bySort.put(hook, order);
            List<?> list = order.stream().map(HookSorter.Entry::function).toList();
            byFunction.put(hook, list);
            byIdentity.put(hook, list);
        });
        synchronized (this) {
            sorted = bySort;
            functions = byFunction;
            functionsByIdentity = byIdentity;
        }
    }

    /** The functions of {@code hook} in run order. */
    @SuppressWarnings("unchecked")
    public <F> List<F> functions(Hook<F> hook) {
        List<?> list = functionsByIdentity.get(hook);
        if (list == null) {
            list = functions.getOrDefault(hook, List.of());
            rememberByIdentity(hook, list);
        }
        return (List<F>) list;
    }

    /**
     * Adds {@code hook} to the identity map, copied on write: a hook object asked for again
     * (one nobody joined, say, run for every request all the same) is then found by identity.
     * Bounded, for callers that make a new hook object each time.
     */
    private synchronized void rememberByIdentity(Hook<?> hook, List<?> list) {
        Map<Hook<?>, List<?>> current = functionsByIdentity;
        if (current.size() < IDENTITY_LIMIT && !current.containsKey(hook)) {
            Map<Hook<?>, List<?>> copy = new IdentityHashMap<>(current);
            copy.put(hook, list);
            functionsByIdentity = copy;
        }
    }

    /** The module names of {@code hook}'s functions in run order, for diagnostics. */
    public List<String> modules(Hook<?> hook) {
        return sorted.getOrDefault(hook, List.of()).stream().map(HookSorter.Entry::module).toList();
    }

    /**
     * Runs {@code hook} by its kind: RUN_FIRST returns the first answer that is not DECLINED
     * (DECLINED if all decline); RUN_ALL returns the first error or DONE, else OK.
     */
    public <F> Result run(Hook<F> hook, HookFunction<F> call) throws Exception {
        List<F> list = functions(hook);
        Hook.Kind kind = hook.kind();
        // indexed: no iterator per hook run, and hooks run a dozen times per HTTP request
        for (int i = 0, n = list.size(); i < n; i++) {
            Result r = call.call(list.get(i));
            if (kind.stopsAt(r)) {
                return r;
            }
        }
        return kind.whenAllRan();
    }
}
